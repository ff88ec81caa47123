// `key=value key="quoted value" …` bodies (FortiGate and other appliances). Strict on purpose:
// a body is key=value only when every token is, so free text that happens to contain "a=b"
// stays a plain message. Scanned with one sticky regular expression (native code, several
// times faster here than a JavaScript character loop); each token has exactly one reading, so
// the scan does not backtrack across tokens.
import { setField } from './text-scan';

// Spaces, a key of at most 64 characters, `=`, then a quoted value (a backslash escapes `"` and
// `\`, any other backslash is itself) followed by a space or the end, or a bare value up to the
// next space (never starting with a quote: an unclosed quote makes the body not key=value).
const TOKEN = / *([A-Za-z0-9_.-]{1,64})=(?:"((?:[^"\\]|\\["\\]|\\(?!["\\]))*)"(?= |$)|(?!")([^ ]*))/y;
const ESCAPED = /\\(["\\])/g;
const SPACES = /^ *$/;

/** The pairs of a text made only of `key=value` tokens, or undefined when it is anything else. */
export function parseKeyValues(text: string): Record<string, string> | undefined {
  const pairs: Record<string, string> = {};
  let count = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) {
      if (!SPACES.test(text.slice(at))) return undefined;
      break;
    }
    const quoted = m[2];
    setField(pairs, m[1]!, quoted === undefined ? m[3]! : quoted.includes('\\') ? quoted.replace(ESCAPED, '$1') : quoted);
    count++;
  }
  return count > 0 ? pairs : undefined;
}
