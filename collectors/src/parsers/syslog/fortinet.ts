// FortiGate sends its logs as key=value bodies (`date=2019-05-10 time=11:37:47 devname="FGT"
// logid="0000000013" type="traffic" …`), usually after a bare PRI. Recognised only when the
// whole body is key=value and carries FortiOS's logid and a time, so look-alikes stay plain.
import { isIP } from 'node:net';
import type { SourceContext } from '../../parse/types';
import { parseKeyValues } from './key-values';
import type { VendorEvent } from './syslog-record';
import type { ResolvedTime } from './timestamps';
import { SyslogFault } from './syntax-error';
import { placeTimestamp, readIsoTimestamp } from './timestamps';

const KEY_START = /^[A-Za-z0-9_.-]{1,64}=/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}$/;
const OFFSET = /^[+-]\d{2}:?\d{2}$/;
const DIGITS = /^\d{10}(?:\d{3}){0,3}$/;
const PORT = /^\d{1,5}$/;

/** The ECS additions of a FortiGate key=value body, or undefined when `body` is not one. */
export function fortinetEvent(body: string, source: SourceContext): VendorEvent | undefined {
  if (!KEY_START.test(body.slice(0, 66))) return undefined;
  const kv = parseKeyValues(body);
  if (!kv || kv.logid === undefined || !((kv.date !== undefined && kv.time !== undefined) || kv.eventtime !== undefined)) return undefined;
  const time = deviceTime(kv, source);
  const fields: Record<string, unknown> = { fortinet: { firewall: kv } };
  const src = endpoint(kv.srcip, kv.srcport);
  if (src) fields.source = src;
  const dst = endpoint(kv.dstip, kv.dstport);
  if (dst) fields.destination = dst;
  return {
    dataset: 'fortinet.firewall',
    vendor: 'Fortinet',
    product: 'FortiGate',
    ...(time ? { time } : {}),
    ...(kv.devname ? { hostname: kv.devname } : {}),
    ...(kv.level ? { level: kv.level } : {}),
    code: kv.logid,
    ...(kv.action ? { action: kv.action } : {}),
    fields,
  };
}

// eventtime (epoch in s, ms, µs or ns by FortiOS version) is exact; date+time are wall clock in
// the `tz` offset when present, else in the source's zone. A device time that cannot be read
// leaves the syslog header's time in place rather than failing a readable message.
function deviceTime(kv: Record<string, string>, source: SourceContext): ResolvedTime | undefined {
  if (kv.eventtime !== undefined && DIGITS.test(kv.eventtime)) {
    const digits = kv.eventtime;
    const ms = digits.length === 10 ? Number(digits) * 1000 : Number(digits.slice(0, 13));
    return { epoch: ms };
  }
  if (kv.date === undefined || kv.time === undefined || !DATE.test(kv.date) || !TIME.test(kv.time)) return undefined;
  const tz = kv.tz !== undefined && OFFSET.test(kv.tz) ? kv.tz : '';
  const ts = readIsoTimestamp(`${kv.date}T${kv.time}${tz}`, 0);
  if (!ts) return undefined;
  try {
    const time = placeTimestamp(ts, source);
    return time instanceof SyslogFault ? undefined : time;
  } catch {
    return undefined;
  }
}

function endpoint(ip: string | undefined, port: string | undefined): { ip: string; port?: number } | undefined {
  if (ip === undefined || isIP(ip) === 0) return undefined;
  const n = port !== undefined && PORT.test(port) ? Number(port) : undefined;
  return n !== undefined && n <= 65535 ? { ip, port: n } : { ip };
}
