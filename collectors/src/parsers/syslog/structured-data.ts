// RFC 5424 STRUCTURED-DATA (§6.3): "-" or one or more [SD-ID PARAM="VALUE" …] elements.
// Inside a value, backslash escapes '"', '\' and ']'; before any other character it is kept
// as written (§6.3.3). A hand-written scanner: one pass, no regular expression.
import { notSyslog } from './syntax-error';
import { MAX_TOKEN, setField } from './text-scan';

/** SD-ID → parameter → value; a parameter repeated within an element (§7.2.2 `ip`) keeps every value. */
export type StructuredData = Record<string, Record<string, string | string[]>>;

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const SPACE = 0x20;
const EQUALS = 0x3d;

/**
 * The STRUCTURED-DATA at `pos` and the index after it (`data` is undefined for "-").
 * @throws SyslogSyntaxError when it is malformed.
 */
export function readStructuredData(text: string, pos: number): { data?: StructuredData; end: number } {
  if (text.charCodeAt(pos) === 0x2d) {
    expectEnd(text, pos + 1);
    return { end: pos + 1 };
  }
  if (text.charCodeAt(pos) !== OPEN) notSyslog(`The RFC 5424 STRUCTURED-DATA at character ${pos} is neither "-" nor an element starting with "[".`);
  const data: StructuredData = {};
  let i = pos;
  while (text.charCodeAt(i) === OPEN) i = readElement(text, i + 1, data);
  expectEnd(text, i);
  return { data, end: i };
}

// One element from just after its "["; returns the index after its "]".
function readElement(text: string, start: number, data: StructuredData): number {
  const [id, afterId] = readName(text, start, 'SD-ID');
  const params: Record<string, string | string[]> = Object.hasOwn(data, id) ? data[id]! : {};
  setField(data, id, params);
  let i = afterId;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === CLOSE) return i + 1;
    if (code !== SPACE) unterminated(text, i, id);
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === CLOSE) return i + 1;
    const [name, afterName] = readName(text, i, `parameter name in [${id}]`);
    if (text.charCodeAt(afterName) !== EQUALS || text.charCodeAt(afterName + 1) !== QUOTE) {
      notSyslog(`The RFC 5424 parameter "${name}" in [${id}] is not followed by ="…".`);
    }
    const [value, afterValue] = readValue(text, afterName + 2, id, name);
    addParam(params, name, value);
    i = afterValue;
  }
}

// An SD-NAME: printable characters except '=', ' ', ']' and '"'.
function readName(text: string, start: number, what: string): [string, number] {
  let i = start;
  const limit = Math.min(text.length, start + MAX_TOKEN + 1);
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === EQUALS || code === SPACE || code === CLOSE || code === QUOTE || code < 0x21 || code === 0x7f) break;
    i++;
  }
  if (i === start) notSyslog(`The RFC 5424 ${what} at character ${start} is empty.`);
  if (i - start > MAX_TOKEN) notSyslog(`The RFC 5424 ${what} at character ${start} is longer than ${MAX_TOKEN} characters.`);
  return [text.slice(start, i), i];
}

// A PARAM-VALUE from just after its opening quote; returns it unescaped and the index after the closing quote.
function readValue(text: string, start: number, id: string, name: string): [string, number] {
  const parts: string[] = [];
  let from = start;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === QUOTE || next === BACKSLASH || next === CLOSE) {
        parts.push(text.slice(from, i));
        from = i + 1;
        i++;
      }
    } else if (code === QUOTE) {
      parts.push(text.slice(from, i));
      return [parts.join(''), i + 1];
    }
  }
  return notSyslog(`The RFC 5424 value of "${name}" in [${id}] has no closing quote.`);
}

function addParam(params: Record<string, string | string[]>, name: string, value: string): void {
  if (!Object.hasOwn(params, name)) setField(params, name, value);
  else {
    const previous = params[name]!;
    // Push in place: copying the array on each repeat would be quadratic in hostile input.
    if (Array.isArray(previous)) previous.push(value);
    else setField(params, name, [previous, value]);
  }
}

function unterminated(text: string, at: number, id: string): never {
  if (at >= text.length) notSyslog(`The RFC 5424 element [${id}] has no closing "]".`);
  return notSyslog(`The RFC 5424 element [${id}] has "${text[at]}" at character ${at} where a space or "]" should be.`);
}

function expectEnd(text: string, pos: number): void {
  if (pos < text.length && text.charCodeAt(pos) !== SPACE) {
    notSyslog(`The RFC 5424 STRUCTURED-DATA is followed by "${text.slice(pos, pos + 10)}" instead of a space.`);
  }
}
