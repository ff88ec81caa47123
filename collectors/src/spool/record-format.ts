// One record on disk: magic (u32) | payload length (u32) | crc32 of payload (u32) | payload,
// little-endian. The magic lets recovery tell a record boundary from garbage or zeroed pages;
// the CRC catches torn and rotten payloads.
import { crc32 } from 'node:zlib';

/** The first four bytes of every record: "HSP1" read as a little-endian u32. */
export const RECORD_MAGIC = 0x31505348;

/** Bytes of the header in front of every payload. */
export const RECORD_HEADER_BYTES = 12;

/** The largest payload the u32 length field can describe. */
export const MAX_PAYLOAD_BYTES = 0xffffffff;

/** Framed records, ready to be written, and where each frame ends within `data`. */
export interface FramedRecords {
  readonly data: Buffer;
  readonly frameEnds: readonly number[];
}

/** Frames payloads as records, back to back. */
export function frameRecords(payloads: readonly Buffer[]): FramedRecords {
  let total = 0;
  for (const p of payloads) total += RECORD_HEADER_BYTES + p.length;
  const data = Buffer.allocUnsafe(total);
  const frameEnds: number[] = [];
  let at = 0;
  for (const p of payloads) {
    data.writeUInt32LE(RECORD_MAGIC, at);
    data.writeUInt32LE(p.length, at + 4);
    data.writeUInt32LE(crc32(p) >>> 0, at + 8);
    p.copy(data, at + RECORD_HEADER_BYTES);
    at += RECORD_HEADER_BYTES + p.length;
    frameEnds.push(at);
  }
  return { data, frameEnds };
}

/** What is wrong with the bytes where a record was expected. */
export type FrameFault = 'short-header' | 'bad-magic' | 'short-payload' | 'bad-crc';

/** The header fields of a record. */
export interface FrameHeader {
  readonly magic: number;
  readonly length: number;
  readonly crc: number;
}

/** Reads a header at `offset`; the caller guarantees 12 bytes are there. */
export function readFrameHeader(bytes: Buffer, offset: number): FrameHeader {
  return {
    magic: bytes.readUInt32LE(offset),
    length: bytes.readUInt32LE(offset + 4),
    crc: bytes.readUInt32LE(offset + 8),
  };
}

/** True when the payload matches the CRC of its header. */
export function payloadMatches(header: FrameHeader, payload: Buffer): boolean {
  return crc32(payload) >>> 0 === header.crc;
}
