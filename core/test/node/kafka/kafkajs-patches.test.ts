import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// kafkajs 2.2.4 as patched by patches/kafkajs@2.2.4 (the root postinstall): the patched modules
// themselves, checked against reference encodings written here from the Kafka protocol.
/* eslint-disable @typescript-eslint/no-require-imports */
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (b: Buffer) => number;
const Encoder = require('kafkajs/src/protocol/encoder.js') as {
  new (size?: number): { buffer: Buffer; writeVarInt(v: number): unknown; writeVarLong(v: unknown): unknown };
  sizeOfVarLong(v: unknown): number;
};
const Long = require('kafkajs/src/utils/long.js') as { fromString(s: string): unknown };
type DecodedRecord = { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]>; offset: string; timestamp: string };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch(o: object): Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: object) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{ records: DecodedRecord[] }>;
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition.js') as (o: {
  topic: string;
  partitionMetadata: unknown[];
  messages: { partition?: number; key?: string }[];
  partitioner: (a: { message: { partition?: number } }) => number;
}) => Record<string, unknown[]>;
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => { readVarLong(): { toString(): string }; offset: number };
/* eslint-enable @typescript-eslint/no-require-imports */

const kafkajsDir = dirname(require.resolve('kafkajs/package.json'));
const patchDir = join(__dirname, '..', '..', '..', '..', 'patches', 'kafkajs@2.2.4');

/** CRC-32C a byte at a time (Castagnoli, reflected 0x82F63B78). */
function referenceCrc32C(buffer: Buffer): number {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** Kafka's zigzag varlong, through BigInt. */
function referenceVarLong(value: bigint): number[] {
  let z = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  const out: number[] = [];
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
  return out;
}

type RecordCase = { offsetDelta: number; timestampDelta: number; key: string | null; value: string | Buffer; headers: Record<string, string | Buffer | (string | Buffer)[]> };

/** A record as the protocol lays it out (zigzag varints throughout), headers in key order, arrays flattened. */
function referenceRecord(o: RecordCase): Buffer {
  const bytes = (v: string | Buffer | null): number[] => {
    if (v === null) return referenceVarLong(-1n);
    const b = Buffer.from(v);
    return [...referenceVarLong(BigInt(b.length)), ...b];
  };
  const pairs = Object.entries(o.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as const) : [[k, v] as const]));
  const body = [
    0,
    ...referenceVarLong(BigInt(o.timestampDelta)),
    ...referenceVarLong(BigInt(o.offsetDelta)),
    ...bytes(o.key),
    ...bytes(o.value),
    ...referenceVarLong(BigInt(pairs.length)),
    ...pairs.flatMap(([k, v]) => [...bytes(k), ...bytes(v)]),
  ];
  return Buffer.from([...referenceVarLong(BigInt(body.length)), ...body]);
}

describe('kafkajs as patched', () => {
  it('is the patched version (the postinstall ran)', () => {
    const hashes = JSON.parse(readFileSync(join(patchDir, 'hashes.json'), 'utf8')) as Record<string, { patched: string }>;
    for (const [path, { patched }] of Object.entries(hashes)) {
      expect({ path, sha256: createHash('sha256').update(readFileSync(join(kafkajsDir, path))).digest('hex') }).toEqual({ path, sha256: patched });
    }
  });

  it('computes CRC-32C: the standard check value and the bitwise reference at every length up to 300', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    for (let n = 0; n <= 300; n++) {
      const bytes = randomBytes(n);
      expect({ n, crc: crc32C(bytes) }).toEqual({ n, crc: referenceCrc32C(bytes) });
    }
  });

  it('writes varints and varlongs as the protocol does, on both sides of the 32-bit fast path', () => {
    const values = [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 2 ** 30 - 1, -(2 ** 30), 2 ** 30, -(2 ** 30) - 1, 2 ** 31 - 1, -(2 ** 31), 1_700_000_000_000, -1_700_000_000_000];
    for (const v of values) {
      const e = new Encoder();
      e.writeVarLong(v);
      expect({ v, bytes: [...e.buffer] }).toEqual({ v, bytes: referenceVarLong(BigInt(v)) });
      expect({ v, size: Encoder.sizeOfVarLong(v) }).toEqual({ v, size: referenceVarLong(BigInt(v)).length });
    }
    const long = new Encoder();
    long.writeVarLong(Long.fromString('-9223372036854775808'));
    expect([...long.buffer]).toEqual(referenceVarLong(-(2n ** 63n)));
    for (const v of [0, 1, -1, 63, -64, 64, 8191, -8192, 2 ** 31 - 1, -(2 ** 31)]) {
      const e = new Encoder();
      e.writeVarInt(v);
      expect({ v, bytes: [...e.buffer] }).toEqual({ v, bytes: referenceVarLong(BigInt(v)).slice(0, 5) });
    }
  });

  it('encodes a record batch that decodes to the same records, with a correct CRC over its body', async () => {
    const messages = [
      { key: 'host-1', value: JSON.stringify({ message: 'é'.repeat(700) }), headers: {} },
      { key: null, value: Buffer.from([0, 1, 2, 255]), headers: { 'halong-index': 'events', multi: ['a', 'b'] } },
      { key: 'k'.repeat(5000), value: '', headers: undefined },
    ];
    const records = messages.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: i * 1000 }));
    const batch = (await RecordBatch({ records, firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_002_000, lastOffsetDelta: 2 })).buffer;
    // firstOffset(8) length(4) leaderEpoch(4) magic(1) crc(4), then the body the CRC covers.
    expect(batch.readUInt32BE(17)).toBe(referenceCrc32C(batch.subarray(21)));
    const decoded = await decodeBatch(new Decoder(batch));
    expect(decoded.records.map((r) => [r.key?.toString() ?? null, r.value?.toString('hex'), Object.keys(r.headers).length])).toEqual([
      ['host-1', Buffer.from(messages[0]!.value as string).toString('hex'), 0],
      [null, '000102ff', 2],
      ['k'.repeat(5000), '', 0],
    ]);
    expect(decoded.records[1]!.headers['halong-index']!.toString()).toBe('events');
    expect((decoded.records[1]!.headers.multi as Buffer[]).map(String)).toEqual(['a', 'b']);
    expect(decoded.records.map((r) => [r.offset, r.timestamp])).toEqual([
      ['0', '1700000000000'],
      ['1', '1700000001000'],
      ['2', '1700000002000'],
    ]);
  });

  it('writes record headers inline, byte for byte as the protocol lays them out', () => {
    const cases: RecordCase[] = [
      { offsetDelta: 0, timestampDelta: 0, key: 'host-1', value: 'x'.repeat(300), headers: {} },
      { offsetDelta: 3, timestampDelta: 1500, key: null, value: '{"a":1}', headers: { 'event.id': '0123456789abcdef', 'event.dataset': 'syslog', '@timestamp': '2026-11-24T13:55:20.123Z' } },
      { offsetDelta: 70_000, timestampDelta: -2, key: 'é', value: Buffer.from([0, 255]), headers: { multi: ['a', '', 'ü'], raw: Buffer.from([1, 2, 3]), 'ключ': 'значение 😀' } },
      { offsetDelta: 1, timestampDelta: 2 ** 40, key: 'k', value: '', headers: { none: [] as string[], e: '' } },
    ];
    for (const c of cases) {
      const encoded = (Record(c) as { buffer: Buffer }).buffer;
      expect(encoded.toString('hex')).toBe(referenceRecord(c).toString('hex'));
    }
  });

  it('refuses a header value it cannot measure, as kafkajs always did', () => {
    expect(() => Record({ key: 'k', value: 'v', headers: { n: null } })).toThrow(/must be of type string/);
    expect(() => Record({ key: 'k', value: 'v', headers: { u: undefined } })).toThrow(/must be of type string/);
  });

  it('groups messages per partition in their order, the very same message objects, the partitioner asked once each', () => {
    const messages = Array.from({ length: 20_000 }, (_, i) => ({ key: `h${i}`, partition: (i * 7) % 3 }));
    let calls = 0;
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [{}, {}, {}],
      messages,
      partitioner: ({ message }) => {
        calls += 1;
        return message.partition!;
      },
    });
    expect(calls).toBe(messages.length);
    expect(Object.keys(grouped)).toEqual(['0', '1', '2']);
    for (const p of [0, 1, 2]) expect(grouped[String(p)]).toEqual(messages.filter((m) => m.partition === p));
    expect(grouped['0']![0]).toBe(messages[0]);
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages, partitioner: () => 0 })).toEqual({});
  });

  it('reads varlongs back exactly, short ones on the fast path and long ones on the original loop', () => {
    const values = [0n, 1n, -1n, 63n, -64n, 64n, 2n ** 48n - 1n, -(2n ** 48n), 2n ** 48n, -(2n ** 48n) - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    for (const v of values) {
      const bytes = Buffer.from([...referenceVarLong(v), 0x2a]);
      const d = new Decoder(bytes);
      expect({ v: String(v), read: d.readVarLong().toString(), next: d.offset }).toEqual({ v: String(v), read: String(v), next: bytes.length - 1 });
    }
  });

  it('adds record offsets and timestamps exactly beyond 2^53 too', async () => {
    const firstOffset = Long.fromString('9007199254740990');
    const records = [0, 1, 2, 3, 4].map((i) => Record({ key: null, value: 'v', headers: { h: ['x', 'y', 'z'] }, offsetDelta: i, timestampDelta: i }));
    const batch = (await RecordBatch({ records, firstOffset, firstTimestamp: Long.fromString('9007199254740991'), maxTimestamp: Long.fromString('9007199254740995'), lastOffsetDelta: 4 })).buffer;
    const decoded = await decodeBatch(new Decoder(batch));
    expect(decoded.records.map((r) => [r.offset, r.timestamp])).toEqual([0, 1, 2, 3, 4].map((i) => [String(9007199254740990n + BigInt(i)), String(9007199254740991n + BigInt(i))]));
    expect((decoded.records[0]!.headers.h as Buffer[]).map(String)).toEqual(['x', 'y', 'z']);
  });
});
