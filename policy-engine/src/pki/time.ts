/** A source of the current time; injected so that tests and replays never depend on the wall clock. */
export type Clock = () => Date;

/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 60 * MINUTE_MS;
/** Milliseconds in a day. */
export const DAY_MS = 24 * HOUR_MS;
/** How far every certificate's notBefore is backdated, for peers whose clocks run behind. */
export const CLOCK_SKEW_MS = 5 * MINUTE_MS;

/**
 * `date` plus `ms`, truncated to the second: X.509 times carry no milliseconds, so truncating
 * here makes the dates we return equal to the ones written in the certificate.
 */
export function offsetToSecond(date: Date, ms: number): Date {
  return new Date(Math.floor((date.getTime() + ms) / 1000) * 1000);
}

/** The earlier of two dates. */
export function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
