// Reading a string through charCodeAt costs several times more per character than reading a
// typed array, so a long text is first copied (natively, as UTF-16LE: lone surrogates survive)
// into one shared buffer, and scanned from there.

/** The platform stores a Uint16Array's units little-endian, as Buffer's 'utf16le' writes them. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let units = new Uint16Array(4096);
let bytes = Buffer.from(units.buffer);

/** `text`'s code units in the shared buffer, valid until the next call. */
export function codeUnits(text: string): Uint16Array {
  if (text.length > units.length) {
    units = new Uint16Array(2 ** Math.ceil(Math.log2(text.length)));
    bytes = Buffer.from(units.buffer);
  }
  bytes.write(text, 0, 'utf16le');
  return units;
}

/** The shared buffer with `text`'s code units from `start` on (those before are stale), valid until the next call. */
export function codeUnitsFrom(text: string, start: number): Uint16Array {
  if (start === 0) return codeUnits(text);
  if (text.length > units.length) codeUnits(text);
  else bytes.write(text.slice(start), start * 2, 'utf16le');
  return units;
}
