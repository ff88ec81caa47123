// The character-loop key=value reader the parser used before it scanned with a regular
// expression: kept as the reference the differential test compares the parser with.
import { setField } from '../../../../src/parsers/syslog/text-scan';

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const MAX_KEY = 64;

/** The pairs of a text made only of `key=value` tokens, or undefined when it is anything else. */
export function referenceKeyValues(text: string): Record<string, string> | undefined {
  const pairs: Record<string, string> = {};
  let count = 0;
  let i = 0;
  for (;;) {
    while (text.charCodeAt(i) === SPACE) i++;
    if (i >= text.length) return count > 0 ? pairs : undefined;
    const keyStart = i;
    while (i - keyStart <= MAX_KEY && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || i - keyStart > MAX_KEY || text.charCodeAt(i) !== EQUALS) return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const quoted = readQuoted(text, i + 1);
      if (!quoted) return undefined;
      [value, i] = quoted;
      if (i < text.length && text.charCodeAt(i) !== SPACE) return undefined;
    } else {
      const end = text.indexOf(' ', i);
      value = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    }
    setField(pairs, key, value);
    count++;
  }
}

// A quoted value from just after its opening quote: backslash escapes '"' and '\'.
function readQuoted(text: string, start: number): [string, number] | undefined {
  const parts: string[] = [];
  let from = start;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH && (text.charCodeAt(i + 1) === QUOTE || text.charCodeAt(i + 1) === BACKSLASH)) {
      parts.push(text.slice(from, i));
      from = i + 1;
      i++;
    } else if (code === QUOTE) {
      parts.push(text.slice(from, i));
      return [parts.join(''), i + 1];
    }
  }
  return undefined;
}

function isKeyChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d || code === 0x2e;
}
