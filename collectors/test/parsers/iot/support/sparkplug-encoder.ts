// A minimal Sparkplug B Payload encoder for tests (field numbers of eclipse/tahu
// sparkplug_b/sparkplug_b.proto), so the decoder is checked against bytes built independently.

export interface TestMetric {
  name?: string;
  alias?: bigint | number;
  timestamp?: bigint | number;
  datatype?: number;
  isNull?: boolean;
  intValue?: number;
  longValue?: bigint | number;
  floatValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  stringValue?: string;
  bytesValue?: Uint8Array;
  datasetValue?: Uint8Array;
}

export function varint(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const len = (field: number, bytes: Uint8Array | number[]): number[] => [...key(field, 2), ...varint(bytes.length), ...bytes];
const text = (field: number, s: string): number[] => len(field, [...Buffer.from(s, 'utf8')]);

export function encodeMetric(m: TestMetric): number[] {
  const out: number[] = [];
  if (m.name !== undefined) out.push(...text(1, m.name));
  if (m.alias !== undefined) out.push(...key(2, 0), ...varint(m.alias));
  if (m.timestamp !== undefined) out.push(...key(3, 0), ...varint(m.timestamp));
  if (m.datatype !== undefined) out.push(...key(4, 0), ...varint(m.datatype));
  if (m.isNull !== undefined) out.push(...key(7, 0), m.isNull ? 1 : 0);
  if (m.intValue !== undefined) out.push(...key(10, 0), ...varint(m.intValue >>> 0));
  if (m.longValue !== undefined) out.push(...key(11, 0), ...varint(m.longValue));
  if (m.floatValue !== undefined) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(m.floatValue);
    out.push(...key(12, 5), ...b);
  }
  if (m.doubleValue !== undefined) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(m.doubleValue);
    out.push(...key(13, 1), ...b);
  }
  if (m.booleanValue !== undefined) out.push(...key(14, 0), m.booleanValue ? 1 : 0);
  if (m.stringValue !== undefined) out.push(...text(15, m.stringValue));
  if (m.bytesValue !== undefined) out.push(...len(16, m.bytesValue));
  if (m.datasetValue !== undefined) out.push(...len(17, m.datasetValue));
  return out;
}

export function encodePayload(p: { timestamp?: bigint | number; metrics?: TestMetric[]; seq?: bigint | number; uuid?: string; body?: Uint8Array }): Buffer {
  const out: number[] = [];
  if (p.timestamp !== undefined) out.push(...key(1, 0), ...varint(p.timestamp));
  for (const m of p.metrics ?? []) out.push(...len(2, encodeMetric(m)));
  if (p.seq !== undefined) out.push(...key(3, 0), ...varint(p.seq));
  if (p.uuid !== undefined) out.push(...text(4, p.uuid));
  if (p.body !== undefined) out.push(...len(5, p.body));
  return Buffer.from(out);
}
