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
  const afterId = nameEnd(text, start, 'SD-ID');
  const id = text.slice(start, afterId);
  const params: Record<string, string | string[]> = Object.hasOwn(data, id) ? data[id]! : {};
  setField(data, id, params);
  let i = afterId;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === CLOSE) return i + 1;
    if (code !== SPACE) unterminated(text, i, id);
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === CLOSE) return i + 1;
    const afterName = nameEnd(text, i, `parameter name in [${id}]`);
    const name = text.slice(i, afterName);
    if (text.charCodeAt(afterName) !== EQUALS || text.charCodeAt(afterName + 1) !== QUOTE) {
      notSyslog(`The RFC 5424 parameter "${name}" in [${id}] is not followed by ="…".`);
    }
    const valueStart = afterName + 2;
    const quote = closingQuote(text, valueStart, id, name);
    const raw = text.slice(valueStart, quote);
    addParam(params, name, raw.includes('\\') ? unescapeParamValue(raw) : raw);
    i = quote + 1;
  }
}

// The end of an SD-NAME at `start`: printable characters except '=', ' ', ']' and '"'.
function nameEnd(text: string, start: number, what: string): number {
  let i = start;
  const limit = Math.min(text.length, start + MAX_TOKEN + 1);
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === EQUALS || code === SPACE || code === CLOSE || code === QUOTE || code < 0x21 || code === 0x7f) break;
    i++;
  }
  if (i === start) notSyslog(`The RFC 5424 ${what} at character ${start} is empty.`);
  if (i - start > MAX_TOKEN) notSyslog(`The RFC 5424 ${what} at character ${start} is longer than ${MAX_TOKEN} characters.`);
  return i;
}

// The index of the quote closing a PARAM-VALUE that starts at `start` (just after its opening quote).
function closingQuote(text: string, start: number, id: string, name: string): number {
  // Most values hold no backslash: the first quote closes them. (Only the value is searched for
  // one, so many values in a long text still cost one pass.)
  const quote = text.indexOf('"', start);
  if (quote >= 0 && !text.slice(start, quote).includes('\\')) return quote;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === QUOTE || next === BACKSLASH || next === CLOSE) i++;
    } else if (code === QUOTE) {
      return i;
    }
  }
  return notSyslog(`The RFC 5424 value of "${name}" in [${id}] has no closing quote.`);
}

// A PARAM-VALUE with its escapes (\", \\ and \]) undone; any other backslash stays.
function unescapeParamValue(raw: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) !== BACKSLASH) continue;
    const next = raw.charCodeAt(i + 1);
    if (next === QUOTE || next === BACKSLASH || next === CLOSE) {
      parts.push(raw.slice(from, i));
      from = i + 1;
      i++;
    }
  }
  parts.push(raw.slice(from));
  return parts.join('');
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
