// SyslogRecord → ECS, the layout of Elastic's syslog fields (log.syslog.*) plus what Sigma's
// Linux pipeline routes on: the program in process.name, the facility keyword, event.module
// `syslog` and host.os.type. A vendor format overrides dataset, message, time and severity.
import type { ParsedEvent, SourceContext } from '../../parse/types';
import { FACILITY_NAMES, SEVERITY_NAMES } from './priority';
import type { SyslogRecord } from './syslog-record';

/** event.module of every syslog event, vendor formats included (they arrive as syslog). */
export const SYSLOG_MODULE = 'syslog';
/** event.dataset of syslog that no vendor format recognised. */
export const SYSLOG_DATASET = 'syslog';

const PID = /^\d{1,10}$/;

/** How the ECS event is completed where syslog itself says nothing. */
export interface BuildOptions {
  /** host.os.type of events not recognised as a vendor's; undefined leaves it out. */
  hostOsType?: string;
}

/** The ECS event of a parsed syslog message; the receive time stands in for a missing time. */
export function buildEvent(record: SyslogRecord, source: SourceContext, options: BuildOptions = {}): ParsedEvent {
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

  // Object.assign, not spread: vendor fields come in many shapes (V8's megamorphic spread is slow).
  const out = Object.assign({}, vendor?.fields) as ParsedEvent;
  out['@timestamp'] = new Date(time?.epoch ?? source.receivedAt).toISOString();
  out.event = event;
  out.log = log;
  const message = vendor?.message ?? record.message;
  if (message) out.message = message;
  const host: NonNullable<ParsedEvent['host']> = {};
  if (hostname !== undefined) Object.assign(host, { name: hostname, hostname });
  if (!vendor && options.hostOsType !== undefined) host.os = { type: options.hostOsType };
  if (Object.keys(host).length > 0) out.host = host;
  const process: Record<string, unknown> = {};
  if (record.appname !== undefined) process.name = record.appname;
  if (record.procid !== undefined && PID.test(record.procid)) process.pid = Number(record.procid);
  if (Object.keys(process).length > 0) out.process = process;
  if (vendor) out.observer = { vendor: vendor.vendor, product: vendor.product };
  return out;
}
