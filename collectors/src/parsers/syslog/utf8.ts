// Bytes → text for framed messages: invalid UTF-8 becomes U+FFFD and is reported, and a cut at
// a byte bound backs off to a character boundary, so truncation alone never reads as invalid.
import { isUtf8 } from 'node:buffer';

/** Text of `bytes` (U+FFFD for invalid sequences) and whether any sequence was invalid. */
export function decodeUtf8(bytes: Buffer): { text: string; invalidUtf8: boolean } {
  return { text: bytes.toString('utf8'), invalidUtf8: !isUtf8(bytes) };
}

/** The largest end ≤ bytes.length that does not split a UTF-8 sequence started before it. */
export function utf8CharBoundary(bytes: Buffer): number {
  const end = bytes.length;
  let lead = end - 1;
  // A sequence is at most 4 bytes: look back past at most 3 continuation bytes (10xxxxxx).
  while (lead >= 0 && end - lead <= 3 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return end;
  const b = bytes[lead]!;
  const length = b >= 0xf8 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + length > end ? lead : end;
}
