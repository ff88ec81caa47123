// SyslogRecord → ECS, the layout of Elastic's syslog fields (log.syslog.*) plus what Sigma's
// Linux pipeline routes on: the program in process.name, the facility keyword, event.module
// `syslog` and host.os.type. A vendor format overrides dataset, message, time and severity.
import type { ParsedEvent, SourceContext } from '../../parse/types';
import { isoTimestamp } from './iso-timestamp';
import { FACILITY_NAMES, SEVERITY_NAMES } from './priority';
import type { SyslogRecord } from './syslog-record';

/** event.module of every syslog event, vendor formats included (they arrive as syslog). */
export const SYSLOG_MODULE = 'syslog';
/** event.dataset of syslog that no vendor format recognised. */
export const SYSLOG_DATASET = 'syslog';

/** How the ECS event is completed where syslog itself says nothing. */
export interface BuildOptions {
  /** host.os.type of events not recognised as a vendor's; undefined leaves it out. */
  hostOsType?: string;
}

const NO_OPTIONS: BuildOptions = {};

/** The ECS event of a parsed syslog message; the receive time stands in for a missing time. */
export function buildEvent(record: SyslogRecord, source: SourceContext, options: BuildOptions = NO_OPTIONS): ParsedEvent {
  const { priority, vendor } = record;
  const time = vendor?.time ?? record.time;
  const hostname = record.hostname ?? vendor?.hostname;
  const severity = vendor?.severity ?? priority.severity;

  const syslog: Record<string, unknown> = {
    priority: priority.priority,
    facility: { code: priority.facility, name: FACILITY_NAMES[priority.facility] },
    severity: { code: priority.severity, name: SEVERITY_NAMES[priority.severity] },
  };
  if (record.hostname !== undefined) syslog.hostname = record.hostname;
  if (record.appname !== undefined) syslog.appname = record.appname;
  if (record.procid !== undefined) syslog.procid = record.procid;
  if (record.msgid !== undefined) syslog.msgid = record.msgid;
  if (record.version !== undefined) syslog.version = String(record.version);
  if (record.structuredData !== undefined) syslog.structured_data = record.structuredData;
  const log: Record<string, unknown> = { syslog, level: vendor?.level ?? SEVERITY_NAMES[priority.severity] };
  if (source.address !== undefined) log.source = { address: source.address };

  const event: ParsedEvent['event'] = { kind: 'event', module: SYSLOG_MODULE, dataset: vendor?.dataset ?? SYSLOG_DATASET, severity };
  if (time?.timezone !== undefined) event.timezone = time.timezone;
  if (vendor?.code !== undefined) event.code = vendor.code;
  if (vendor?.action !== undefined) event.action = vendor.action;

  const timestamp = isoTimestamp(time?.epoch ?? source.receivedAt);
  let out: ParsedEvent;
  if (vendor === undefined) {
    // A literal: plain syslog events, most of them, share one shape.
    out = { '@timestamp': timestamp, event, log } as ParsedEvent;
  } else {
    // Vendor fields first. Object.assign, not spread: they come in many shapes (V8's megamorphic spread is slow).
    out = Object.assign({}, vendor.fields) as ParsedEvent;
    out['@timestamp'] = timestamp;
    out.event = event;
    out.log = log;
  }
  const message = vendor?.message ?? record.message;
  if (message) out.message = message;
  const osType = vendor === undefined ? options.hostOsType : undefined;
  if (hostname !== undefined) out.host = osType !== undefined ? { name: hostname, hostname, os: { type: osType } } : { name: hostname, hostname };
  else if (osType !== undefined) out.host = { os: { type: osType } };
  const pid = record.procid !== undefined && isPid(record.procid) ? Number(record.procid) : undefined;
  if (record.appname !== undefined) out.process = pid !== undefined ? { name: record.appname, pid } : { name: record.appname };
  else if (pid !== undefined) out.process = { pid };
  if (vendor) out.observer = { vendor: vendor.vendor, product: vendor.product };
  return out;
}

// 1 to 10 ASCII digits, what process.pid takes.
function isPid(text: string): boolean {
  if (text.length === 0 || text.length > 10) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
