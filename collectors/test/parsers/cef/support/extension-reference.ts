// The character-loop extension reader the parser used before it searched from `=` signs:
// kept as the reference the differential test compares the parser with.
import { unescapeValue } from '../../../../src/parsers/cef/extension';

/** One extension pair, the value unescaped and trimmed. */
interface ExtensionPair {
  key: string;
  value: string;
}

/** The pairs of an extension, in order (a key may repeat; later pairs win when mapped). */
export function referenceExtension(text: string): ExtensionPair[] {
  const pairs: ExtensionPair[] = [];
  const n = text.length;
  // Text before the first key (a stray token, a mis-escaped header pipe) belongs to no pair.
  let probe = skipBlanks(text, 0);
  let eq = keyEnd(text, probe);
  while (eq < 0 && probe < n) {
    probe = nextProbe(text, probe);
    eq = keyEnd(text, probe);
  }
  if (eq < 0) return pairs;

  let key = text.slice(probe, eq);
  let valueStart = eq + 1;
  let j = valueStart;
  while (j < n) {
    if (!isBlank(text.charCodeAt(j))) {
      j += 1;
      continue;
    }
    const keyStart = skipBlanks(text, j);
    const nextEq = keyEnd(text, keyStart);
    if (nextEq < 0) {
      j = skipKeyChars(text, keyStart);
      continue;
    }
    pairs.push({ key, value: unescapeValue(text.slice(valueStart, j).trim()) });
    key = text.slice(keyStart, nextEq);
    valueStart = nextEq + 1;
    j = valueStart;
  }
  pairs.push({ key, value: unescapeValue(text.slice(valueStart).trim()) });
  return pairs;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

// ArcSight keys are alphanumeric; `_ . , [ ] -` let vendors' non-conforming keys through
// (`ad.field[0]`, `ad.Error_,Code`). A key starts with a letter, digit or underscore.
function isKeyStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || c === 0x2e || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x2d;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && isBlank(text.charCodeAt(i))) i += 1;
  return i;
}

function skipKeyChars(text: string, i: number): number {
  while (i < text.length && isKeyChar(text.charCodeAt(i))) i += 1;
  return i;
}

// Index of the `=` ending a key that starts at `i`, or -1.
function keyEnd(text: string, i: number): number {
  if (i >= text.length || !isKeyStart(text.charCodeAt(i))) return -1;
  const end = skipKeyChars(text, i);
  return text.charCodeAt(end) === 0x3d ? end : -1;
}

// Where the next key may start: after the next blank run that follows `i`.
function nextProbe(text: string, i: number): number {
  let k = i + 1;
  while (k < text.length && !isBlank(text.charCodeAt(k))) k += 1;
  return skipBlanks(text, k);
}
