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
type ProduceRequest = { encode(): Promise<{ buffer: Buffer }> };
const Produce = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (o: object) => ProduceRequest;
const frame = require('kafkajs/src/protocol/request.js') as (o: { correlationId: number; clientId: string | null; request: object }) => Promise<{ buffer: Buffer; size(): number }>;
const { Types: Compression } = require('kafkajs/src/protocol/message/compression/index.js') as { Types: { None: number; GZIP: number } };
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

type ProduceCase = {
  transactionalId?: string;
  producerId?: unknown;
  producerEpoch?: number;
  topicData: { topic: string; partitions: { partition: number; firstSequence?: number; messages: (Omit<RecordCase, 'offsetDelta' | 'timestampDelta' | 'headers'> & { timestamp?: string; headers?: RecordCase['headers'] })[] }[] }[];
};

const int = (bytes: number, v: number | bigint): Buffer => {
  const b = Buffer.alloc(bytes);
  if (bytes === 8) b.writeBigInt64BE(BigInt(v));
  else if (bytes === 4) b.writeInt32BE(Number(v));
  else if (bytes === 2) b.writeInt16BE(Number(v));
  else b.writeInt8(Number(v));
  return b;
};
const str16 = (s: string | null): Buffer => (s === null ? int(2, -1) : Buffer.concat([int(2, Buffer.byteLength(s)), Buffer.from(s)]));

/** A produce request v3 (acks -1, timeout 30 s) as the protocol lays it out, every message timestamped. */
function referenceProduce(o: ProduceCase, producerId: bigint): Buffer {
  const topics = o.topicData.map(({ topic, partitions }) =>
    Buffer.concat([
      str16(topic),
      int(4, partitions.length),
      ...partitions.map(({ partition, firstSequence = 0, messages }) => {
        const stamps = messages.map((m) => BigInt(m.timestamp!));
        const first = stamps.reduce((a, b) => (b < a ? b : a));
        const last = stamps.reduce((a, b) => (b > a ? b : a));
        const records = messages.map((m, i) => referenceRecord({ key: m.key, value: m.value, headers: m.headers ?? {}, offsetDelta: i, timestampDelta: Number(BigInt(m.timestamp!) - first) }));
        const body = Buffer.concat([int(2, o.transactionalId ? 16 : 0), int(4, messages.length - 1), int(8, first), int(8, last), int(8, producerId), int(2, o.producerEpoch ?? 0), int(4, firstSequence), int(4, messages.length), ...records]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(referenceCrc32C(body));
        const batch = Buffer.concat([int(8, 0), int(4, 4 + 1 + 4 + body.length), int(4, 0), int(1, 2), crc, body]);
        return Buffer.concat([int(4, partition), int(4, batch.length), batch]);
      }),
    ]),
  );
  return Buffer.concat([str16(o.transactionalId ?? null), int(2, -1), int(4, 30_000), int(4, topics.length), ...topics]);
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

  describe('produce requests, written in one pass', () => {
    // Timestamps are strings, as kafkajs takes them; they sort as strings too, so cases keep them the same length.
    const cases: [string, ProduceCase, bigint][] = [
      [
        "Halong's records: keyed JSON values with routing headers, over partitions",
        {
          topicData: [
            {
              topic: 'halong.events',
              partitions: [0, 1, 2].map((p) => ({
                partition: p,
                messages: Array.from({ length: 40 }, (_, i) => ({
                  key: `host-${i % 3}`,
                  value: JSON.stringify({ message: 'x'.repeat(i * 37), i }),
                  headers: { 'halong-index': 'events-syslog-2026.11.24', 'halong-id': `id-${p}-${i}` },
                  timestamp: String(1_700_000_000_000 + i * 997),
                })),
              })),
            },
          ],
        },
        -1n,
      ],
      [
        'every kind of key, value and header: null, empty, buffers, arrays, non-ASCII',
        {
          topicData: [
            {
              topic: 'tópico',
              partitions: [
                {
                  partition: 7,
                  messages: [
                    { key: null, value: Buffer.from([0, 255, 1]), headers: { multi: ['a', '', 'ü'], raw: Buffer.from([1, 2]) }, timestamp: '1700000000500' },
                    { key: 'é', value: '', headers: { none: [] as string[] }, timestamp: '1700000000000' },
                    { key: 'k'.repeat(300), value: 'v😀'.repeat(100), timestamp: '1700000000000' },
                  ],
                },
              ],
            },
            { topic: 'second', partitions: [{ partition: 0, messages: [{ key: 'a', value: 'b', timestamp: '1700000000001' }] }] },
          ],
        },
        -1n,
      ],
      [
        'a transactional, idempotent producer: its id, epoch, first sequence and the transactional bit',
        { transactionalId: 'tx-1', producerId: Long.fromString('4000000000'), producerEpoch: 3, topicData: [{ topic: 't', partitions: [{ partition: 1, firstSequence: 42, messages: [{ key: 'k', value: 'v', timestamp: '1700000000000' }] }] }] },
        4_000_000_000n,
      ],
      [
        'timestamps far apart (the varlong beyond 32 bits)',
        { topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v', timestamp: '0000000000001' }, { key: 'k', value: 'w', timestamp: '1700000000000' }] }] }] },
        -1n,
      ],
    ];

    it.each(cases)('%s: byte for byte as the protocol lays it out', async (_, c, producerId) => {
      const encoded = (await Produce({ acks: -1, timeout: 30_000, ...c }).encode()).buffer;
      expect(encoded.toString('hex')).toBe(referenceProduce(c, producerId).toString('hex'));
    });

    it('stamps untimed messages with one clock reading, as before', async () => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_123);
      try {
        const c: ProduceCase = { topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v' }, { key: null, value: 'w' }] }] }] };
        const timed: ProduceCase = { topicData: [{ topic: 't', partitions: [{ partition: 0, messages: c.topicData[0]!.partitions[0]!.messages.map((m) => ({ ...m, timestamp: '1700000000123' })) }] }] };
        expect((await Produce({ acks: -1, timeout: 30_000, ...c }).encode()).buffer.toString('hex')).toBe(referenceProduce(timed, -1n).toString('hex'));
      } finally {
        now.mockRestore();
      }
    });

    it('frames a request with its size and header in front of the payload, in place or copied', async () => {
      const c: ProduceCase = { topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v'.repeat(5000), timestamp: '1700000000000' }] }] }] };
      const payload = referenceProduce(c, -1n);
      const header = (clientId: string) => Buffer.concat([int(2, 0), int(2, 3), int(4, 99), str16(clientId)]);
      // 'halong' fits the room the produce request leaves; a long client id takes the copying path.
      for (const clientId of ['halong', 'c'.repeat(200)]) {
        const framed = await frame({ correlationId: 99, clientId, request: Produce({ acks: -1, timeout: 30_000, ...c }) });
        const body = Buffer.concat([header(clientId), payload]);
        expect(framed.buffer.toString('hex')).toBe(Buffer.concat([int(4, body.length), body]).toString('hex'));
        expect(framed.size()).toBe(4 + body.length);
      }
      // A request without room (any other API) is framed as before.
      const other = await frame({ correlationId: 1, clientId: 'halong', request: { apiKey: 3, apiVersion: 0, encode: async () => new Encoder().writeVarInt(5) } });
      expect(other.buffer.toString('hex')).toBe(Buffer.concat([int(4, 2 + 2 + 4 + 8 + 1), int(2, 3), int(2, 0), int(4, 1), str16('halong'), Buffer.from([10])]).toString('hex'));
    });

    it('leaves what it does not take to the original path: compressed batches, and values it cannot measure', async () => {
      const gzip = await Produce({ acks: -1, timeout: 30_000, compression: Compression.GZIP, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v'.repeat(1000) }] }] }] }).encode();
      expect(gzip.buffer.length).toBeLessThan(200);
      await expect(Produce({ acks: -1, timeout: 30_000, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v', headers: { n: null } }] }] }] }).encode()).rejects.toThrow(/must be of type string/);
    });
  });
});
