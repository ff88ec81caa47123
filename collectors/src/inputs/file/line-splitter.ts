// Bytes read from a file into LF-terminated lines with their byte offsets. Memory is bounded by
// maxLineBytes: a line that grows past it is cut there and the rest of it, up to its LF, is
// skipped without being kept. Where the next line starts (`start`) only moves past a cut line
// once its LF is read, so a checkpoint never lands inside a line.
import { utf8CharBoundary } from '../../parsers/syslog/utf8';

/** One line as read: its bytes without the line ending. */
export interface RawLine {
  /** Byte offset of its first byte: with the file, it names the line. */
  offset: number;
  /** Where the line after it starts (its own offset while a cut line's LF is still unread). */
  next: number;
  bytes: Buffer;
  /** Cut at maxLineBytes. */
  truncated: boolean;
  /** Emitted without its LF. */
  partial: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Splits consecutive chunks of one file into lines. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private skipping = false;
  private lineStart: number;

  constructor(
    private readonly maxLineBytes: number,
    start: number,
  ) {
    this.lineStart = start;
  }

  /** Offset of the first line not returned yet (of the line being skipped, while skipping). */
  get start(): number {
    return this.lineStart;
  }

  /** Whether bytes of an unfinished line are held, or a cut line's rest is being skipped. */
  get pending(): boolean {
    return this.partBytes > 0 || this.skipping;
  }

  /** The lines that `chunk`, read at byte `offset` right after the previous chunk, completes. */
  push(chunk: Buffer, offset: number): RawLine[] {
    const out: RawLine[] = [];
    let i = 0;
    while (i < chunk.length) {
      const lf = chunk.indexOf(LF, i);
      if (lf === -1) {
        if (!this.skipping) this.hold(chunk.subarray(i), out);
        break;
      }
      if (this.skipping) {
        this.skipping = false;
      } else {
        const piece = chunk.subarray(i, lf);
        const bytes = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
        this.parts = [];
        this.partBytes = 0;
        out.push(this.line(withoutCr(bytes), offset + lf + 1, false));
      }
      this.lineStart = offset + lf + 1;
      i = lf + 1;
    }
    return out;
  }

  /**
   * Ends the unfinished line at `end` (the end of what was read): its bytes as a partial line,
   * or nothing when there are none or the rest of a cut line was being skipped.
   */
  takePartial(end: number): RawLine | undefined {
    if (this.skipping) {
      this.skipping = false;
      this.lineStart = end;
      return undefined;
    }
    if (this.partBytes === 0) return undefined;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    const line = this.line(withoutCr(bytes), end, true);
    this.lineStart = end;
    return line;
  }

  private hold(piece: Buffer, out: RawLine[]): void {
    if (piece.length === 0) return;
    // Copied: the caller reuses its read buffer.
    this.parts.push(Buffer.from(piece));
    this.partBytes += piece.length;
    if (this.partBytes <= this.maxLineBytes) return;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    this.skipping = true;
    out.push(this.line(bytes, this.lineStart, false));
  }

  private line(bytes: Buffer, next: number, partial: boolean): RawLine {
    if (bytes.length <= this.maxLineBytes) return { offset: this.lineStart, next, bytes, truncated: false, partial };
    const cut = bytes.subarray(0, this.maxLineBytes);
    return { offset: this.lineStart, next, bytes: cut.subarray(0, utf8CharBoundary(cut)), truncated: true, partial };
  }
}

function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}
