// Request bodies: gzip (Content-Encoding or magic bytes) inflated with a bound on the output, so
// a small "zip bomb" cannot become gigabytes; then split into lines without copying more than once.
import { gunzipSync } from 'node:zlib';
import { IngestError } from './errors';

/** The body as bytes, inflated when gzip, at most `maxBytes` once inflated. */
export function inflate(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const gzip = /\bgzip\b/i.test(contentEncoding ?? '') || (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b);
  if (!gzip) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new IngestError('HALONG_INGEST_TOO_LARGE', `the body inflates to more than ${maxBytes} bytes`);
    throw new IngestError('HALONG_INGEST_BAD_GZIP', `the body is not valid gzip: ${(err as Error).message}`);
  }
}

/** Non-empty lines of an NDJSON body (CRLF tolerated), with their 1-based line numbers. */
export function lines(body: Buffer): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const text = body.toString('utf8');
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (raw.trim().length > 0) out.push({ text: raw, line });
    start = end + 1;
    line += 1;
  }
  return out;
}
