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
const START = /CEF:[ \t]?(\d{1,3})\|/;
const PIPE = 0x7c;
const BACKSLASH = 0x5c;

/** The message split at its header, or why it is not CEF. */
export function splitCef(text: string): CefSplit | { error: string } {
  const head = text.length > PREFIX_LIMIT + 16 ? text.slice(0, PREFIX_LIMIT + 16) : text;
  const start = START.exec(head);
  if (!start || start.index > PREFIX_LIMIT) return { error: 'No "CEF:<version>|" header in the first 2048 characters.' };
  const before = start.index === 0 ? '' : head[start.index - 1]!;
  // "xCEF:0|" is some other word; a prefix ends with a blank, a `>` (PRI) or a BOM.
  if (before !== '' && !/[\s>\uFEFF]/.test(before)) return { error: 'The "CEF:" marker is glued to a preceding word.' };

  const fields: string[] = [];
  let i = start.index + start[0].length;
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
    prefix: text.slice(0, start.index),
    header: { version: start[1]!, deviceVendor, deviceProduct, deviceVersion, deviceEventClassId, name, severity: severity.trim() },
    extension,
  };
}
