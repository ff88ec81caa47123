// The Sparkplug B `Payload` message (eclipse/tahu sparkplug_b/sparkplug_b.proto), decoded
// for the fields a SOC reads: the payload's timestamp, seq and uuid, and per metric its name,
// alias, timestamp, datatype, flags and scalar value. DataSet, Template, MetaData and
// PropertySet values are skipped by length, not decoded, so nothing here recurses: a hostile
// nesting depth costs nothing. Values keep one field per protobuf type (int_value,
// double_value …) so that an index maps each field to a single type.
import { ProtobufError, ProtobufReader, WireType } from './protobuf-reader';

/** Metrics kept per payload; the rest are counted, not decoded into the event. */
export const SPARKPLUG_MAX_METRICS = 1_000;
/** bytes_value is kept (base64) up to this size; larger ones are only measured. */
export const SPARKPLUG_MAX_BYTES_VALUE = 4_096;

/** Sparkplug B datatype numbers to names (specification 3.0, 6.4.16). */
export const SPARKPLUG_DATATYPES: readonly string[] = [
  'Unknown',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
  'String',
  'DateTime',
  'Text',
  'UUID',
  'DataSet',
  'Bytes',
  'File',
  'Template',
  'PropertySet',
  'PropertySetList',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Int64Array',
  'UInt8Array',
  'UInt16Array',
  'UInt32Array',
  'UInt64Array',
  'FloatArray',
  'DoubleArray',
  'BooleanArray',
  'StringArray',
  'DateTimeArray',
];

/** One decoded metric. Numbers beyond 2^53 are decimal strings. */
export interface SparkplugMetric {
  name?: string;
  alias?: number | string;
  timestamp?: number | string;
  datatype?: number;
  datatype_name?: string;
  is_historical?: boolean;
  is_transient?: boolean;
  is_null?: boolean;
  int_value?: number;
  long_value?: number | string;
  float_value?: number;
  double_value?: number;
  boolean_value?: boolean;
  string_value?: string;
  bytes_value?: string;
  bytes_length?: number;
  /** `NaN`, `Infinity` or `-Infinity` for a float or double that JSON cannot hold. */
  non_finite?: string;
  /** The kind of a value that is not decoded: dataset, template or extension. */
  value_type?: string;
}

/** A decoded Sparkplug B payload. */
export interface SparkplugPayload {
  timestamp?: number | string;
  seq?: number | string;
  uuid?: string;
  /** Size of the opaque `body` (compressed payloads carry everything there). */
  body_length?: number;
  metrics: SparkplugMetric[];
  metrics_count: number;
  metrics_truncated?: boolean;
}

const utf8 = new TextDecoder('utf-8');

function unsigned(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function signed64(v: bigint): number | string {
  const s = BigInt.asIntN(64, v);
  return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s.toString();
}

// Int8/16/32 travel in the uint32 int_value as two's complement of their own width.
function intValue(raw: bigint, datatype: number | undefined): number {
  const low = Number(BigInt.asUintN(32, raw));
  switch (datatype) {
    case 1:
      return (low << 24) >> 24;
    case 2:
      return (low << 16) >> 16;
    case 3:
      return low | 0;
    default:
      return low >>> 0;
  }
}

function expectWire(field: number, wire: number, expected: number, what: string): void {
  if (wire !== expected) throw new ProtobufError(`${what} (field ${field}) has wire type ${wire}, not ${expected}.`);
}

function finite(metric: SparkplugMetric, key: 'float_value' | 'double_value', value: number): void {
  if (Number.isFinite(value)) metric[key] = value;
  else metric.non_finite = String(value);
}

function decodeMetric(bytes: Uint8Array): SparkplugMetric {
  const r = new ProtobufReader(bytes);
  const metric: SparkplugMetric = {};
  let rawInt: bigint | undefined;
  let rawLong: bigint | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'Metric.name');
        metric.name = utf8.decode(r.lengthDelimited());
        break;
      case 2:
        expectWire(field, wire, WireType.VARINT, 'Metric.alias');
        metric.alias = unsigned(r.varint());
        break;
      case 3:
        expectWire(field, wire, WireType.VARINT, 'Metric.timestamp');
        metric.timestamp = unsigned(r.varint());
        break;
      case 4:
        expectWire(field, wire, WireType.VARINT, 'Metric.datatype');
        metric.datatype = Number(BigInt.asUintN(32, r.varint()));
        break;
      case 5:
      case 6:
      case 7: {
        expectWire(field, wire, WireType.VARINT, 'A Metric flag');
        const flag = r.varint() !== 0n;
        if (field === 5) metric.is_historical = flag;
        else if (field === 6) metric.is_transient = flag;
        else metric.is_null = flag;
        break;
      }
      case 10:
        expectWire(field, wire, WireType.VARINT, 'Metric.int_value');
        rawInt = r.varint();
        break;
      case 11:
        expectWire(field, wire, WireType.VARINT, 'Metric.long_value');
        rawLong = r.varint();
        break;
      case 12:
        expectWire(field, wire, WireType.FIXED32, 'Metric.float_value');
        finite(metric, 'float_value', r.fixed32().getFloat32(0, true));
        break;
      case 13:
        expectWire(field, wire, WireType.FIXED64, 'Metric.double_value');
        finite(metric, 'double_value', r.fixed64().getFloat64(0, true));
        break;
      case 14:
        expectWire(field, wire, WireType.VARINT, 'Metric.boolean_value');
        metric.boolean_value = r.varint() !== 0n;
        break;
      case 15:
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'Metric.string_value');
        metric.string_value = utf8.decode(r.lengthDelimited());
        break;
      case 16: {
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'Metric.bytes_value');
        const value = r.lengthDelimited();
        metric.bytes_length = value.length;
        if (value.length <= SPARKPLUG_MAX_BYTES_VALUE) metric.bytes_value = Buffer.from(value).toString('base64');
        break;
      }
      case 17:
      case 18:
      case 19:
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'A Metric message value');
        r.lengthDelimited();
        metric.value_type = field === 17 ? 'dataset' : field === 18 ? 'template' : 'extension';
        break;
      default:
        // MetaData (8), PropertySet (9) and fields of later versions.
        r.skip(wire);
    }
  }
  // The datatype may follow the value on the wire: signedness is decided once both are read.
  if (rawInt !== undefined) metric.int_value = intValue(rawInt, metric.datatype);
  if (rawLong !== undefined) metric.long_value = metric.datatype === 4 ? signed64(rawLong) : unsigned(rawLong);
  if (metric.datatype !== undefined && SPARKPLUG_DATATYPES[metric.datatype] !== undefined) metric.datatype_name = SPARKPLUG_DATATYPES[metric.datatype]!;
  return metric;
}

/** Decodes a Sparkplug B payload; throws a ProtobufError when the bytes are not one. */
export function decodeSparkplugPayload(bytes: Uint8Array): SparkplugPayload {
  const r = new ProtobufReader(bytes);
  const payload: SparkplugPayload = { metrics: [], metrics_count: 0 };
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        expectWire(field, wire, WireType.VARINT, 'Payload.timestamp');
        payload.timestamp = unsigned(r.varint());
        break;
      case 2: {
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'Payload.metrics');
        const bytesOfMetric = r.lengthDelimited();
        payload.metrics_count += 1;
        if (payload.metrics.length < SPARKPLUG_MAX_METRICS) payload.metrics.push(decodeMetric(bytesOfMetric));
        break;
      }
      case 3:
        expectWire(field, wire, WireType.VARINT, 'Payload.seq');
        payload.seq = unsigned(r.varint());
        break;
      case 4:
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'Payload.uuid');
        payload.uuid = utf8.decode(r.lengthDelimited());
        break;
      case 5:
        expectWire(field, wire, WireType.LENGTH_DELIMITED, 'Payload.body');
        payload.body_length = r.lengthDelimited().length;
        break;
      default:
        r.skip(wire);
    }
  }
  if (payload.metrics_count > payload.metrics.length) payload.metrics_truncated = true;
  return payload;
}
