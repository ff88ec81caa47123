// The fields of a common/combined access log line, found by one left-to-right scan:
//   [vhost[:port]] client ident user [time] "request" status bytes ["referrer" "user agent"] [extra …]
// Quoted fields use the servers' escapes: Apache writes `\"` and `\\`; nginx writes `\xHH`
// for `"`, `\` and non-printable bytes, which is kept as written (decoding bytes into text
// would garble the binary of TLS handshakes sent to a plain-HTTP port).

/** A field before the ident/user pair: a client address, a vhost, a forwarded-for list. */
export interface HeadToken {
  text: string;
  quoted: boolean;
}

/** The raw fields of one access log line. */
export interface AccessLine {
  head: HeadToken[];
  ident: string;
  user: string;
  time: string;
  request: string;
  status: string;
  bytes: string;
  referrer?: string;
  userAgent?: string;
  /** What follows the user agent (`$http_x_forwarded_for`, `$request_time` …), unparsed. */
  extra?: string;
}

// vhost + an X-Forwarded-For list + client + ident + user is the most seen in practice.
const MAX_HEAD_TOKENS = 16;
const MAX_TIME_CHARS = 64;

/** The fields of `line`, or a sentence saying which part is missing or malformed. */
export function scanAccessLine(line: string): AccessLine | { error: string } {
  const head: HeadToken[] = [];
  let i = skipBlanks(line, 0);
  while (i < line.length && line[i] !== '[') {
    if (head.length === MAX_HEAD_TOKENS) return { error: `More than ${MAX_HEAD_TOKENS} fields before the [time] field.` };
    if (line[i] === '"') {
      const quoted = readQuoted(line, i);
      if (!quoted) return { error: 'A quoted field before the [time] field is not closed.' };
      head.push({ text: quoted.value, quoted: true });
      i = quoted.end;
    } else {
      const end = tokenEnd(line, i);
      head.push({ text: line.slice(i, end), quoted: false });
      i = end;
    }
    i = skipBlanks(line, i);
  }
  if (i >= line.length) return { error: 'No [time] field.' };
  if (head.length < 3) return { error: 'Expected "client ident user" before the [time] field.' };
  const user = head.pop()!.text;
  const ident = head.pop()!.text;

  const close = line.indexOf(']', i);
  if (close < 0 || close - i > MAX_TIME_CHARS) return { error: 'The [time] field is not closed.' };
  const time = line.slice(i + 1, close);
  i = skipBlanks(line, close + 1);
  const request = line[i] === '"' ? readQuoted(line, i) : undefined;
  if (!request) return { error: 'No quoted "request" after the [time] field.' };
  i = skipBlanks(line, request.end);
  const statusEnd = tokenEnd(line, i);
  const status = line.slice(i, statusEnd);
  i = skipBlanks(line, statusEnd);
  const bytesEnd = tokenEnd(line, i);
  const bytes = line.slice(i, bytesEnd);
  if (!/^\d{3}$/.test(status)) return { error: 'The status after the request is not a 3-digit code.' };
  if (!/^(?:\d{1,15}|-)$/.test(bytes)) return { error: 'The byte count after the status is neither a number nor "-".' };

  const fields: AccessLine = { head, ident, user, time, request: request.value, status, bytes };
  i = skipBlanks(line, bytesEnd);
  const referrer = line[i] === '"' ? readQuoted(line, i) : undefined;
  if (referrer) {
    fields.referrer = referrer.value;
    i = skipBlanks(line, referrer.end);
    const userAgent = line[i] === '"' ? readQuoted(line, i) : undefined;
    if (userAgent) {
      fields.userAgent = userAgent.value;
      i = userAgent.end;
    }
  }
  const extra = line.slice(i).trim();
  if (extra) fields.extra = extra;
  return fields;
}

// A quoted field from the `"` at `start`. A `"` closes it only when a blank or the end of the
// line follows, so a quote a server failed to escape stays inside the field.
function readQuoted(line: string, start: number): { value: string; end: number } | undefined {
  let j = start + 1;
  while (j < line.length) {
    const c = line.charCodeAt(j);
    if (c === 0x5c) j += 2;
    else if (c === 0x22 && (j + 1 === line.length || isBlank(line.charCodeAt(j + 1)))) return { value: unescapeQuoted(line.slice(start + 1, j)), end: j + 1 };
    else j += 1;
  }
  return undefined;
}

function unescapeQuoted(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\(["\\])/g, '$1') : raw;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function skipBlanks(line: string, i: number): number {
  while (i < line.length && isBlank(line.charCodeAt(i))) i += 1;
  return i;
}

function tokenEnd(line: string, i: number): number {
  while (i < line.length && !isBlank(line.charCodeAt(i))) i += 1;
  return i;
}
