// One Open5GS log record to ECS. Subscriber identifiers go to well-known fields only
// (OPEN5GS_PERSONAL_DATA_FIELDS) so that the pseudonymiser (src/pii) can be pointed at them.
import { failure } from '../../parse/errors';
import type { ParsedEvent, ParseOutcome, SourceContext, TextParser } from '../../parse/types';
import { DEFAULT_TIME_ZONE, inferYear, isTimeZone, wallClockToEpoch } from '../../time/zoned-time';
import { classify, httpErrorStatus } from './classify';
import { extractIdentifiers, supiOfNullSchemeSuci } from './identifiers';
import type { Open5gsIdentifiers } from './identifiers';
import type { Open5gsLevel, Open5gsRecord } from './line';
import { readRecord } from './line';
import { networkFunctionOf } from './network-functions';

/** event.module of Open5GS events. */
export const OPEN5GS_MODULE = 'open5gs';

/** Records longer than this (UTF-16 units, hex dumps included) are refused. */
export const OPEN5GS_MAX_RECORD_CHARS = 65_536;

/**
 * Fields of an Open5GS event that can hold subscriber identifiers (SUPI, IMSI, SUCI, MSISDN):
 * the ones to give the pseudonymiser, with `event.original` once the envelope has added it.
 */
export const OPEN5GS_PERSONAL_DATA_FIELDS = ['user.id', 'open5gs.supi', 'open5gs.imsi', 'open5gs.suci', 'open5gs.msisdn', 'message'] as const;

// Syslog severities, as ECS event.severity.
const SEVERITY: Readonly<Record<Open5gsLevel, number>> = { FATAL: 2, ERROR: 3, WARNING: 4, INFO: 6, DEBUG: 7, TRACE: 7 };

function timestamp(record: Open5gsRecord, source: SourceContext, zone: string): number | undefined {
  const s = record.stamp;
  if (!s) return source.receivedAt;
  const year = s.year ?? inferYear(s.month, s.day, source.receivedAt, zone);
  return wallClockToEpoch({ year, month: s.month, day: s.day, hour: s.hour, minute: s.minute, second: s.second, millisecond: s.millisecond }, zone);
}

// Open5GS prints paths relative to its build directory (`../src/amf/gmm-sm.c`).
function sourcePath(file: string): string {
  return file.replace(/^(?:\.\.?\/)+/, '');
}

function open5gsFields(ids: Open5gsIdentifiers, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...ids, ...extra };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * Parses one Open5GS network-function log record (its first line, and any continuation lines
 * such as hex dumps) into ECS. Lines have no year and no zone: they are read in
 * `source.timeZone` (Asia/Ho_Chi_Minh by default), the year inferred from `source.receivedAt`.
 */
export const parseOpen5gs: TextParser = (text: string, source: SourceContext): ParseOutcome => {
  if (text.trim() === '') return failure('HALONG_PARSE_EMPTY');
  if (text.length > OPEN5GS_MAX_RECORD_CHARS) {
    return failure('HALONG_PARSE_TOO_LARGE', `The Open5GS record has ${text.length} characters; at most ${OPEN5GS_MAX_RECORD_CHARS} are read.`);
  }
  const record = readRecord(text);
  if (!record) {
    return failure(
      'HALONG_PARSE_OPEN5GS',
      /^[0-9a-f]{4}: [0-9a-f]/.test(text)
        ? 'The text is a hex-dump continuation of an Open5GS record, not a record of its own (the input must join continuation lines).'
        : 'The first line is not "[MM/DD HH:MM:SS.mmm: ][domain] LEVEL: message" with a timestamp or a [domain].',
    );
  }
  const zone = source.timeZone || DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) return failure('HALONG_PARSE_TIME', `Unknown time zone "${zone}" for the Open5GS source.`);
  const epoch = timestamp(record, source, zone);
  if (epoch === undefined) return failure('HALONG_PARSE_TIME', 'The Open5GS timestamp is not a valid date and time.');

  const nf = networkFunctionOf({
    ...(record.syslog ? { program: record.syslog.program } : {}),
    ...(record.domain !== undefined ? { domain: record.domain } : {}),
    ...(record.origin ? { originFile: record.origin.file } : {}),
    ...(source.topic !== undefined ? { topic: source.topic } : record.container !== undefined ? { topic: `${record.container}.log` } : {}),
  });
  const ids = extractIdentifiers(record.content);
  const what = classify(record.content, record.level);
  const httpStatus = httpErrorStatus(record.content);
  // A null-scheme SUCI carries the IMSI in clear: naming the subscriber lets failures before
  // the SUPI is known (authentication above all) be tied to the same user.id.
  const userId = ids.supi ?? (ids.imsi !== undefined ? `imsi-${ids.imsi}` : ids.suci !== undefined ? supiOfNullSchemeSuci(ids.suci) : undefined);
  const ueIp = ids.ue?.ipv4 ?? ids.ue?.ipv6;
  const message = record.continuation.length > 0 ? [record.content, ...record.continuation].join('\n') : record.content;

  const open5gs = open5gsFields(ids, {
    ...(what?.cause !== undefined ? { cause: what.cause } : {}),
    ...(what?.authFailure !== undefined ? { auth: { failure: what.authFailure } } : {}),
    ...(what?.counter ? { counter: what.counter } : {}),
  });

  const event: ParsedEvent = {
    '@timestamp': new Date(epoch).toISOString(),
    message,
    event: {
      kind: 'event',
      module: OPEN5GS_MODULE,
      dataset: `${OPEN5GS_MODULE}.${nf ?? 'log'}`,
      severity: SEVERITY[record.level],
      ...(what ? { action: what.action, category: what.category, type: what.type, outcome: what.outcome } : {}),
    },
    log: {
      level: record.level.toLowerCase(),
      ...(record.domain !== undefined ? { logger: record.domain } : {}),
      ...(record.origin
        ? { origin: { file: { name: sourcePath(record.origin.file), line: record.origin.line }, ...(record.origin.function !== undefined ? { function: record.origin.function } : {}) } }
        : {}),
    },
    service: { type: OPEN5GS_MODULE, ...(nf !== undefined ? { name: nf } : {}) },
    ...(userId !== undefined ? { user: { id: userId } } : {}),
    ...(ueIp !== undefined ? { client: { ip: ueIp } } : {}),
    ...(httpStatus !== undefined ? { http: { response: { status_code: httpStatus } } } : {}),
    ...(record.syslog
      ? { host: { name: record.syslog.host }, process: { name: record.syslog.program, ...(record.syslog.pid !== undefined ? { pid: record.syslog.pid } : {}) } }
      : {}),
    ...(record.container !== undefined ? { container: { name: record.container } } : {}),
    ...(Object.keys(open5gs).length > 0 ? { open5gs } : {}),
  };
  return { ok: true, event };
};
