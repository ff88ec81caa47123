// The CEF header: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|`, where `\|`
// and `\\` are the only escapes. Whatever precedes `CEF:` is a transport prefix (syslog), cut
// off here and read by syslog-prefix.ts. One pass over the header, never over the extension.

/** The seven header fields, unescaped. */
export interface CefHeader {
  version: string;
  deviceVendor: string;
  deviceProduct: string;
  deviceVersion: string;
  deviceEventClassId: string;
  name: string;
  severity: string;
}

/** A CEF message cut into its prefix, its header and its (still escaped) extension. */
export interface CefSplit {
  prefix: string;
  header: CefHeader;
  extension: string;
}

// A syslog prefix is short; looking further would let a long message that merely quotes
// "CEF:0|" somewhere inside pass as CEF.
const PREFIX_LIMIT = 2048;
// `CEF: 0|` with a space is what FortiOS 6.0 and logger(1)'s `-t CEF` tag produce.
const PIPE = 0x7c;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const GT = 0x3e;
// What else may end a prefix: any other blank (\s), or a BOM.
const PREFIX_END = /[\s>\uFEFF]/;

/** The message split at its header, or why it is not CEF. */
export function splitCef(text: string): CefSplit | { error: string } {
  const at = findStart(text);
  if (at < 0) return { error: 'No "CEF:<version>|" header in the first 2048 characters.' };
  // "xCEF:0|" is some other word; a prefix ends with a blank, a `>` (PRI) or a BOM.
  if (at > 0) {
    const before = text.charCodeAt(at - 1);
    if (before !== SPACE && before !== GT && !PREFIX_END.test(text[at - 1]!)) return { error: 'The "CEF:" marker is glued to a preceding word.' };
  }
  let digitsAt = at + 4;
  const blank = text.charCodeAt(digitsAt);
  if (blank === SPACE || blank === TAB) digitsAt += 1;
  const pipeAt = digitsEnd(text, digitsAt);

  const plain = splitPlainHeader(text, at, text.slice(digitsAt, pipeAt), pipeAt + 1);
  if (plain !== undefined) return plain;

  const fields: string[] = [];
  let i = pipeAt + 1;
  let field = '';
  let from = i;
  while (i < text.length && fields.length < 6) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === PIPE || next === BACKSLASH) {
        field += text.slice(from, i);
        from = i + 1;
        i += 2;
        continue;
      }
    } else if (c === PIPE) {
      fields.push(field + text.slice(from, i));
      field = '';
      from = i + 1;
    }
    i += 1;
  }

  let extension = '';
  if (fields.length < 6) {
    // The spec wants a `|` after the severity, but producers omit it when there is no
    // extension ("…|Name|10"), and some then put the extension after a blank ("…|8 src=…").
    if (fields.length !== 5) return { error: `The header has ${fields.length + 2} of its 7 fields.` };
    const rest = field + text.slice(from);
    const blank = rest.search(/\s/);
    fields.push(blank < 0 ? rest : rest.slice(0, blank));
    extension = blank < 0 ? '' : rest.slice(blank + 1);
  } else {
    extension = text.slice(i);
  }
  const [deviceVendor, deviceProduct, deviceVersion, deviceEventClassId, name, severity] = fields as [string, string, string, string, string, string];
  return {
    prefix: text.slice(0, at),
    header: { version: text.slice(digitsAt, pipeAt), deviceVendor, deviceProduct, deviceVersion, deviceEventClassId, name, severity: severity.trim() },
    extension,
  };
}

// The six fields after the version when all end in a `|` and none holds a backslash (so no
// escape), as most headers are: cut at the pipes found by indexOf instead of read char by char.
function splitPlainHeader(text: string, at: number, version: string, start: number): CefSplit | undefined {
  const p1 = text.indexOf('|', start);
  const p2 = p1 < 0 ? -1 : text.indexOf('|', p1 + 1);
  const p3 = p2 < 0 ? -1 : text.indexOf('|', p2 + 1);
  const p4 = p3 < 0 ? -1 : text.indexOf('|', p3 + 1);
  const p5 = p4 < 0 ? -1 : text.indexOf('|', p4 + 1);
  const p6 = p5 < 0 ? -1 : text.indexOf('|', p5 + 1);
  if (p6 < 0 || text.slice(start, p6).includes('\\')) return undefined;
  return {
    prefix: text.slice(0, at),
    header: {
      version,
      deviceVendor: text.slice(start, p1),
      deviceProduct: text.slice(p1 + 1, p2),
      deviceVersion: text.slice(p2 + 1, p3),
      deviceEventClassId: text.slice(p3 + 1, p4),
      name: text.slice(p4 + 1, p5),
      severity: text.slice(p5 + 1, p6).trim(),
    },
    extension: text.slice(p6 + 1),
  };
}

// Where the first `CEF:[ \t]?<1–3 digits>|` starts, if within PREFIX_LIMIT, else -1. A scan by
// indexOf and char codes, as the regular expression it replaces matched.
function findStart(text: string): number {
  // A match starting at PREFIX_LIMIT ends within 9 characters; nothing past that is read.
  const head = text.length > PREFIX_LIMIT + 16 ? text.slice(0, PREFIX_LIMIT + 16) : text;
  for (let at = head.indexOf('CEF:'); at >= 0 && at <= PREFIX_LIMIT; at = head.indexOf('CEF:', at + 1)) {
    let i = at + 4;
    const c = head.charCodeAt(i);
    if (c === SPACE || c === TAB) i += 1;
    if (digitsEnd(head, i) >= 0) return at;
  }
  return -1;
}

// Index of the `|` after 1 to 3 digits at `i`, or -1.
function digitsEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && j - i < 4 && isDigit(text.charCodeAt(j))) j++;
  const count = j - i;
  return count >= 1 && count <= 3 && text.charCodeAt(j) === PIPE ? j : -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
