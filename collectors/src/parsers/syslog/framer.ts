// TCP (and TLS) syslog framing, RFC 6587: octet counting ("<len> <msg>") or non-transparent
// framing (messages ended by LF; NUL is accepted too, §3.4.2). Senders may mix them, so the
// framing is chosen per message by its first byte: a digit means octet counting, anything
// else ("<" above all) means LF. Pure: bytes in, messages out, no sockets and no clock.
//
// Bounds: a message longer than maxMessageBytes is emitted at once, cut at the bound and flagged
// `truncated`, and the rest of it is skipped (to the end of its count, or to the next LF), so
// the framer never holds more than maxMessageBytes. A corrupt octet count (not digits then a
// space, a leading zero, or above maxOctetCount) is not trusted to skip that many bytes: the
// framer resyncs to LF framing from the first digit and says why in `framingError`.
import { decodeUtf8, utf8CharBoundary } from './utf8';

/** Bounds of a {@link SyslogFramer}. */
export interface SyslogFramerOptions {
  /** Longest message kept, in bytes; longer ones are cut here and flagged. */
  maxMessageBytes: number;
  /**
   * Largest octet count trusted (default 16 × maxMessageBytes): counts above the bound but
   * within this are oversized messages to cut and skip; larger ones are corrupt.
   */
  maxOctetCount?: number;
}

/** RFC 6587 framing of a message. */
export type SyslogFraming = 'octet-counting' | 'non-transparent';

/** One message taken from the stream. */
export interface FramedMessage {
  /** The message, decoded as UTF-8; a non-transparent message loses its LF (or CR LF, or NUL). */
  text: string;
  framing: SyslogFraming;
  /** The message was longer than maxMessageBytes (or the stream ended inside it): `text` is its start. */
  truncated: boolean;
  /** Some bytes were not UTF-8 and are U+FFFD in `text`. */
  invalidUtf8: boolean;
  /** Why the message was not framed as its first byte said (a corrupt octet count, an unfinished stream). */
  framingError?: string;
}

type State = 'start' | 'count' | 'octets' | 'line' | 'skip-line';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SPACE = 0x20;

/**
 * Splits a TCP syslog byte stream into messages; chunks may split it at any byte. Nothing is
 * dropped silently: an oversized message comes out cut and `truncated`, a corrupt octet count
 * resyncs to LF framing with a `framingError`, and {@link SyslogFramer.end} returns an
 * unfinished message. Holds at most maxMessageBytes between calls.
 */
export class SyslogFramer {
  private readonly maxBytes: number;
  private readonly maxCount: number;
  private readonly maxDigits: number;
  private state: State = 'start';
  private parts: Buffer[] = [];
  private size = 0;
  private digits = '';
  private count = 0;
  private remaining = 0;
  private emitted = false;
  private lineError: string | undefined;
  // Where the next NUL is in nulChunk (-1: none after the last look).
  private nulChunk: Buffer | undefined;
  private nulAt = -1;

  constructor(options: SyslogFramerOptions) {
    const { maxMessageBytes } = options;
    if (!Number.isSafeInteger(maxMessageBytes) || maxMessageBytes < 1) throw new RangeError(`maxMessageBytes must be a positive integer, not ${maxMessageBytes}.`);
    const maxOctetCount = options.maxOctetCount ?? maxMessageBytes * 16;
    if (!Number.isSafeInteger(maxOctetCount) || maxOctetCount < maxMessageBytes) throw new RangeError(`maxOctetCount must be an integer ≥ maxMessageBytes, not ${maxOctetCount}.`);
    this.maxBytes = maxMessageBytes;
    this.maxCount = maxOctetCount;
    this.maxDigits = String(maxOctetCount).length;
  }

  /** Adds bytes; returns every message they complete (or cut at the bound). */
  push(chunk: Buffer): FramedMessage[] {
    const out: FramedMessage[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'start') i = this.begin(chunk, i);
      else if (this.state === 'count') i = this.readCount(chunk, i, out);
      else if (this.state === 'octets') i = this.readOctets(chunk, i, out);
      else i = this.readLine(chunk, i, out);
    }
    // The caller may refill this buffer once push returns: where its NULs were must not outlive the call.
    this.nulChunk = undefined;
    return out;
  }

  /** Ends the stream: returns the unfinished message, if any, and resets the framer. */
  end(): FramedMessage[] {
    const out: FramedMessage[] = [];
    if (this.state === 'count') {
      const digits = this.digits;
      this.state = 'line';
      this.lineError = `The stream ended inside the octet count "${digits}".`;
      this.appendLine(Buffer.from(digits, 'latin1'), out);
    }
    if (this.state === 'octets' && !this.emitted) {
      this.emit(out, 'octet-counting', true, `The stream ended ${this.remaining} bytes before the end of a ${this.count}-byte message.`);
    }
    if (this.state === 'line' && (this.size > 0 || this.lineError)) this.emit(out, 'non-transparent', false, this.lineError);
    this.reset();
    return out;
  }

  // Empty lines and stray trailers between messages (CR LF senders, LF after an octet-counted
  // message) are not messages; the first other byte chooses the framing.
  private begin(chunk: Buffer, i: number): number {
    const b = chunk[i]!;
    if (b === LF || b === CR || b === NUL) return i + 1;
    this.state = b >= 0x30 && b <= 0x39 ? 'count' : 'line';
    return i;
  }

  private readCount(chunk: Buffer, start: number, out: FramedMessage[]): number {
    let i = start;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b >= 0x30 && b <= 0x39 && this.digits.length < this.maxDigits) this.digits += String.fromCharCode(b);
      else break;
    }
    if (i === chunk.length) return i;
    const b = chunk[i]!;
    const digits = this.digits;
    let reason: string | undefined;
    if (b >= 0x30 && b <= 0x39) reason = `The octet count starting "${digits}" has more digits than the ${this.maxCount}-byte limit allows`;
    else if (b !== SPACE) reason = `The octet count "${digits}" is followed by byte 0x${b.toString(16).padStart(2, '0')} instead of a space`;
    else if (digits.startsWith('0')) reason = `The octet count "${digits}" starts with 0`;
    else if (Number(digits) > this.maxCount) reason = `The octet count ${digits} is above the ${this.maxCount}-byte limit`;
    if (reason === undefined) {
      this.count = Number(digits);
      this.remaining = this.count;
      this.digits = '';
      this.state = 'octets';
      return i + 1;
    }
    // The byte that broke the count is not consumed: it belongs to the LF-framed message.
    this.state = 'line';
    this.digits = '';
    this.lineError = `${reason}; the message was framed by LF instead.`;
    this.appendLine(Buffer.from(digits, 'latin1'), out);
    return i;
  }

  private readOctets(chunk: Buffer, i: number, out: FramedMessage[]): number {
    const take = Math.min(this.remaining, chunk.length - i);
    if (!this.emitted) {
      const keep = Math.min(take, this.maxBytes - this.size);
      if (keep > 0) this.append(chunk.subarray(i, i + keep));
      if (this.count > this.maxBytes && this.size === this.maxBytes) {
        this.emit(out, 'octet-counting', true);
        this.emitted = true;
      }
    }
    this.remaining -= take;
    if (this.remaining === 0) {
      if (!this.emitted) this.emit(out, 'octet-counting', false);
      this.reset();
    }
    return i + take;
  }

  private readLine(chunk: Buffer, i: number, out: FramedMessage[]): number {
    // Native scans (memchr) for the trailer; the next NUL is looked up once per chunk and NUL, not once per line.
    let j = chunk.indexOf(LF, i);
    if (j < 0) j = chunk.length;
    if (this.nulChunk !== chunk || (this.nulAt >= 0 && this.nulAt < i)) {
      this.nulChunk = chunk;
      this.nulAt = chunk.indexOf(NUL, i);
    }
    if (this.nulAt >= 0 && this.nulAt < j) j = this.nulAt;
    const whole = this.state === 'line' && j < chunk.length && this.size === 0 && j - i <= this.maxBytes;
    if (whole) {
      // The line lies in this chunk: decoded from it directly, with no copy to hold.
      this.emitBytes(out, chunk.subarray(i, j), 'non-transparent', false, this.lineError);
      this.reset();
      return j + 1;
    }
    if (this.state === 'line') this.appendLine(chunk.subarray(i, j), out);
    if (j === chunk.length) return j;
    if (this.state === 'line') this.emit(out, 'non-transparent', false, this.lineError);
    this.reset();
    return j + 1;
  }

  // Adds part of an LF-framed message; past the bound, emits it cut and skips to its trailer.
  private appendLine(bytes: Buffer, out: FramedMessage[]): void {
    if (this.size + bytes.length <= this.maxBytes) {
      if (bytes.length > 0) this.append(bytes);
      return;
    }
    this.append(bytes.subarray(0, this.maxBytes - this.size));
    this.emit(out, 'non-transparent', true, this.lineError);
    this.state = 'skip-line';
  }

  private append(bytes: Buffer): void {
    // Copied: the caller may reuse its chunk buffer once push returns.
    this.parts.push(Buffer.from(bytes));
    this.size += bytes.length;
  }

  private emit(out: FramedMessage[], framing: SyslogFraming, truncated: boolean, framingError?: string): void {
    this.emitBytes(out, this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size), framing, truncated, framingError);
    this.parts = [];
    this.size = 0;
  }

  private emitBytes(out: FramedMessage[], message: Buffer, framing: SyslogFraming, truncated: boolean, framingError: string | undefined): void {
    let bytes = message;
    if (truncated) bytes = bytes.subarray(0, utf8CharBoundary(bytes));
    else if (framing === 'non-transparent' && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const { text, invalidUtf8 } = decodeUtf8(bytes);
    const framed: FramedMessage = { text, framing, truncated, invalidUtf8 };
    if (framingError) framed.framingError = framingError;
    out.push(framed);
  }

  private reset(): void {
    this.state = 'start';
    this.parts = [];
    this.size = 0;
    this.digits = '';
    this.count = 0;
    this.remaining = 0;
    this.emitted = false;
    this.lineError = undefined;
  }
}
