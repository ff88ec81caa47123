// The CEF extension: `key=value` pairs where a value may hold blanks and, as devices really
// emit it, unescaped `=` (URLs with query strings). A value therefore ends only where a blank
// run is followed by a key and `=`. Escapes in values are `\\`, `\=`, `\n` and `\r`; any other
// backslash is kept, since devices write Windows paths unescaped.
//
// Boundaries are found from the `=` signs, each checked backwards over its key and the blank run
// before it; every character is read a bounded number of times, so a 10 MB line costs a few
// linear scans.

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '=': '=', n: '\n', r: '\r' };

/** One extension pair, the value unescaped and trimmed. */
export interface ExtensionPair {
  key: string;
  value: string;
}

/** Receives an extension's pairs as they are read. */
export interface ExtensionSink {
  /** One pair, the value unescaped and trimmed; called in order, a key may repeat. */
  pair(key: string, value: string): void;
}

class PairList implements ExtensionSink {
  readonly pairs: ExtensionPair[] = [];

  pair(key: string, value: string): void {
    this.pairs.push({ key, value });
  }
}

/** The pairs of an extension, in order (a key may repeat; later pairs win when mapped). */
export function parseExtension(text: string): ExtensionPair[] {
  const list = new PairList();
  readExtension(text, list);
  return list.pairs;
}

/**
 * The pairs of an extension handed to `sink` in order, as {@link parseExtension} lists them:
 * the ECS mapping takes them this way, without a pair object each.
 */
export function readExtension(text: string, sink: ExtensionSink): void {
  const n = text.length;
  // Text before the first key (a stray token, a mis-escaped header pipe) belongs to no pair.
  let probe = skipBlanks(text, 0);
  let eq = keyEnd(text, probe);
  while (eq < 0 && probe < n) {
    probe = nextProbe(text, probe);
    eq = keyEnd(text, probe);
  }
  if (eq < 0) return;

  let key = text.slice(probe, eq);
  let valueStart = eq + 1;
  // The first backslash at or after valueStart (n when none): only a value holding one is
  // unescaped, and the text is searched for them once, not once per value.
  let backslash = -1;
  // The next boundary is found from the `=` signs (native indexOf), each checked backwards:
  // key characters, then a blank. No regular expression here: a 10 MB blank run overflows
  // irregexp's backtrack stack.
  for (let q = text.indexOf('=', valueStart); q >= 0; q = text.indexOf('=', q + 1)) {
    let keyStart = q;
    while (keyStart > valueStart && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart -= 1;
    if (keyStart === q || keyStart === valueStart || !isKeyStart(text.charCodeAt(keyStart)) || !isBlank(text.charCodeAt(keyStart - 1))) continue;
    let valueEnd = keyStart - 1;
    while (valueEnd > valueStart && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd -= 1;
    if (backslash < valueStart) backslash = nextBackslash(text, valueStart);
    sink.pair(key, valueAt(text, valueStart, valueEnd, backslash < valueEnd));
    key = text.slice(keyStart, q);
    valueStart = q + 1;
  }
  if (backslash < valueStart) backslash = nextBackslash(text, valueStart);
  sink.pair(key, valueAt(text, valueStart, n, backslash < n));
}

function nextBackslash(text: string, from: number): number {
  const at = text.indexOf('\\', from);
  return at < 0 ? text.length : at;
}

// The value in [start, end), trimmed and unescaped as parseExtension has always read it; trim()
// and the escape scan run only when an edge character or a backslash calls for them.
function valueAt(text: string, start: number, end: number, escaped: boolean): string {
  const value = text.slice(start, end);
  const trimmed = end > start && (maybeTrimmed(text.charCodeAt(start)) || maybeTrimmed(text.charCodeAt(end - 1))) ? value.trim() : value;
  return escaped ? unescapeValue(trimmed) : trimmed;
}

// Every character trim() removes is in this range (it holds others too: then trim() decides).
function maybeTrimmed(c: number): boolean {
  return c <= 0x20 || c >= 0x7f;
}

/** `\\`, `\=`, `\n` and `\r` decoded; other backslashes kept as written. */
export function unescapeValue(raw: string): string {
  if (!raw.includes('\\')) return raw;
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < raw.length - 1; i += 1) {
    if (raw.charCodeAt(i) !== 0x5c) continue;
    const decoded = ESCAPES[raw[i + 1]!];
    if (decoded === undefined) continue;
    parts.push(raw.slice(from, i), decoded);
    from = i + 2;
    i += 1;
  }
  parts.push(raw.slice(from));
  return parts.join('');
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

// ArcSight keys are alphanumeric; `_ . , [ ] -` let vendors' non-conforming keys through
// (`ad.field[0]`, `ad.Error_,Code`). A key starts with a letter, digit or underscore.
function isKeyStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

// Key characters by char code, looked up once per character of every key read backwards.
const KEY_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (isKeyStart(c) || c === 0x2e || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x2d) KEY_CHARS[c] = 1;

function isKeyChar(c: number): boolean {
  return c < 128 && KEY_CHARS[c] === 1;
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
