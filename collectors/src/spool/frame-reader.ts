// Reads records from one segment file through a window of bytes, so a batch of small records
// costs one read call. Windows are never reused: payloads handed out stay valid.
import type { FrameFault } from './record-format';
import { RECORD_HEADER_BYTES, RECORD_MAGIC, payloadMatches, readFrameHeader } from './record-format';
import type { SpoolFileSystem } from './spool-fs';
import { readFully } from './spool-fs';

const WINDOW_BYTES = 256 * 1024;

/** A record read at some offset, or why there is none. */
export type FrameResult =
  | { readonly kind: 'record'; readonly payload: Buffer; readonly end: number }
  | { readonly kind: 'fault'; readonly fault: FrameFault; readonly frameEnd?: number };

export class FrameReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly sfs: SpoolFileSystem,
    readonly fd: number,
  ) {}

  // `limit` is the end of the bytes that may be read: the durable size of the segment. Bytes
  // past it may belong to a write in progress and must neither be returned nor cached.
  async frameAt(offset: number, limit: number): Promise<FrameResult> {
    if (limit - offset < RECORD_HEADER_BYTES) return { kind: 'fault', fault: 'short-header' };
    const head = await this.bytes(offset, RECORD_HEADER_BYTES, limit);
    if (head === undefined) return { kind: 'fault', fault: 'short-header' };
    const header = readFrameHeader(head, 0);
    if (header.magic !== RECORD_MAGIC) return { kind: 'fault', fault: 'bad-magic' };
    const end = offset + RECORD_HEADER_BYTES + header.length;
    if (end > limit) return { kind: 'fault', fault: 'short-payload' };
    const frame = await this.bytes(offset, RECORD_HEADER_BYTES + header.length, limit);
    if (frame === undefined) return { kind: 'fault', fault: 'short-payload' };
    const payload = frame.subarray(RECORD_HEADER_BYTES);
    if (!payloadMatches(header, payload)) return { kind: 'fault', fault: 'bad-crc', frameEnd: end };
    return { kind: 'record', payload, end };
  }

  /** Forgets cached bytes, after the file was truncated under the reader. */
  reset(): void {
    this.window = Buffer.alloc(0);
    this.windowStart = 0;
  }

  private async bytes(offset: number, length: number, limit: number): Promise<Buffer | undefined> {
    const from = offset - this.windowStart;
    if (from >= 0 && from + length <= this.window.length) return this.window.subarray(from, from + length);
    const size = Math.min(Math.max(length, WINDOW_BYTES), limit - offset);
    const window = Buffer.allocUnsafe(size);
    const n = await readFully(this.sfs, this.fd, window, offset);
    this.window = window.subarray(0, n);
    this.windowStart = offset;
    return n >= length ? this.window.subarray(0, length) : undefined;
  }
}
