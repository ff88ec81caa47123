// The `key=value` body of an audit record. The kernel double-quotes a string it trusts and
// writes an untrusted one (a path, an argument, a command name) as bare hex when it holds a
// quote, a space, a control character or a byte above 0x7e; quoted text is never escaped.
// User-space records wrap their own fields in `msg='…'`. log_format=ENRICHED appends the
// interpreted values (uppercase names: UID="root", SYSCALL=execve) after a 0x1d separator.

/** One token of a record body: a `key=value` pair or a bare word. */
export type AuditToken =
  | { kind: 'pair'; key: string; value: string; quote: '"' | "'" | '{' | ''; enriched: boolean }
  | { kind: 'word'; text: string };

const GROUP_SEPARATOR = '\x1d';
const CLOSING: Readonly<Record<string, string>> = { '"': '"', "'": "'", '{': '}' };

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === GROUP_SEPARATOR;
}

/** Splits a record body into pairs and bare words, in order. */
export function tokenize(body: string): AuditToken[] {
  const out: AuditToken[] = [];
  let enriched = false;
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === GROUP_SEPARATOR) enriched = true;
    if (isBlank(c)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < body.length && body[j] !== '=' && !isBlank(body[j])) j += 1;
    if (body[j] !== '=' || j === i) {
      out.push({ kind: 'word', text: body.slice(i, j === i ? j + 1 : j) });
      i = j === i ? j + 1 : j;
      continue;
    }
    const key = body.slice(i, j);
    const open = body[j + 1] ?? '';
    const close = Object.hasOwn(CLOSING, open) ? CLOSING[open] : undefined;
    if (close !== undefined) {
      const end = body.indexOf(close, j + 2);
      const stop = end < 0 ? body.length : end;
      const raw = body.slice(j + 2, stop);
      out.push({ kind: 'pair', key, value: open === '{' ? raw.trim() : raw, quote: open as '"' | "'" | '{', enriched });
      i = stop + 1;
      continue;
    }
    let k = j + 1;
    while (k < body.length && !isBlank(body[k])) k += 1;
    out.push({ kind: 'pair', key, value: body.slice(j + 1, k), quote: '', enriched });
    i = k;
  }
  return out;
}

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a bare value of an untrusted field: decoded when it is hex the kernel would have
 * had to write (it holds a byte the kernel never prints plainly) and valid UTF-8, else as is.
 * The test keeps `a0=dd` or `name=cafe` from interpreted logs (`ausearch -i`) as text.
 */
export function decodeUntrusted(value: string): string {
  if (!HEX.test(value)) return value;
  const bytes = Buffer.from(value, 'hex');
  if (!bytes.some((b) => b === 0x22 || b < 0x21 || b > 0x7e)) return value;
  try {
    return utf8.decode(bytes);
  } catch {
    return value;
  }
}
