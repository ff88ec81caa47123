// Bounded scanning over one message. Every look at the text is capped, so a hostile 10 MB line
// costs one pass at most: header tokens have a maximum length, and anything past it is not a
// header token (the caller decides whether that means "no hostname" or "not syslog").

/** The longest header token Halong reads: RFC 5424's HOSTNAME (255), the largest of its fields. */
export const MAX_TOKEN = 255;

const SPACE = 0x20;

/** End of the run of non-space characters at `pos`, or -1 when it is longer than `max`. */
export function tokenEnd(text: string, pos: number, max = MAX_TOKEN): number {
  const limit = Math.min(text.length, pos + max + 1);
  for (let i = pos; i < limit; i++) if (text.charCodeAt(i) === SPACE) return i;
  return text.length - pos <= max ? text.length : -1;
}

/** Index of the first character at or after `pos` that is not a space. */
export function skipSpaces(text: string, pos: number): number {
  let i = pos;
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

/** `text` without trailing CR, LF and NUL (transport trailers) and without leading ones. */
export function trimTrailers(text: string): string {
  let end = text.length;
  while (end > 0 && isTrailer(text.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && isTrailer(text.charCodeAt(start))) start++;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Sets an own enumerable property, even `__proto__`: keys come from the sender. */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` is special to assignment; defining every key would be several times slower.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isTrailer(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x00;
}
