/** A clock: milliseconds since the Unix epoch. Inject a fixed one in tests. */
export type Clock = () => number;

/** The real clock (`Date.now`). */
export const systemClock: Clock = () => Date.now();

/** Whole seconds since the Unix epoch, as JWT NumericDate claims use. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
