// The syslog TextParser: PRI, then RFC 5424 when a version and a date (or "-") follow it, else
// RFC 3164 and its vendor variants; then a FortiGate key=value body is recognised in the MSG.
import { failure } from '../../parse/errors';
import type { ParseOutcome, SourceContext, TextParser } from '../../parse/types';
import { buildEvent } from './build-event';
import { fortinetEvent } from './fortinet';
import { DEFAULT_PRIORITY, decodePriority } from './priority';
import { parseRfc3164 } from './rfc3164';
import { looksLikeRfc5424, parseRfc5424 } from './rfc5424';
import type { SyslogRecord } from './syslog-record';
import { SyslogSyntaxError, notSyslog } from './syntax-error';
import { trimTrailers } from './text-scan';

/** host.os.type given to syslog that is not a recognised vendor's: Sigma's Linux rules route on it. */
export const DEFAULT_HOST_OS_TYPE = 'linux';

const PRI = /<(\d{1,3})>/y;

/** Options of {@link createSyslogParser}. */
export interface SyslogParserOptions {
  /**
   * host.os.type of events no vendor format recognised (default `linux`, what Sigma's Linux
   * syslog rules require); `null` leaves it out, for sources known not to be Linux hosts.
   */
  hostOsType?: string | null;
}

/** A syslog parser whose events are completed as `options` say. */
export function createSyslogParser(options: SyslogParserOptions = {}): TextParser {
  const hostOsType = options.hostOsType === undefined ? DEFAULT_HOST_OS_TYPE : (options.hostOsType ?? undefined);
  return (text: string, source: SourceContext): ParseOutcome => {
    try {
      const record = readRecord(text, source);
      if (record === undefined) return failure('HALONG_PARSE_EMPTY', 'The syslog message is empty (nothing but whitespace, CR, LF or NUL).');
      return { ok: true, event: buildEvent(record, source, hostOsType === undefined ? {} : { hostOsType }) };
    } catch (error) {
      if (error instanceof SyslogSyntaxError) return failure(error.code, error.message);
      // A bug must not take the input down with it: the message goes to the dead letters.
      return failure('HALONG_PARSE_SYSLOG', `The syslog parser failed unexpectedly: ${(error as Error).message}`);
    }
  };
}

/**
 * Parses one syslog message — RFC 5424, RFC 3164 (with or without PRI, hostname, year, or with
 * an RFC 3339 timestamp), Cisco IOS/ASA and FortiGate key=value — into ECS: `@timestamp`,
 * `log.syslog.*`, `log.level`, `host.name`/`host.hostname`/`host.os.type`,
 * `process.name`/`process.pid`, `message`, `event.*` (module `syslog`, dataset `syslog`,
 * `cisco.asa`, `cisco.ftd`, `cisco.ios` or `fortinet.firewall`), and `cisco.*` / `fortinet.*`.
 * Zone-less times are read in `source.timeZone`; a missing year comes from `source.receivedAt`.
 * Never throws: a message that is not syslog gives a failure (HALONG_PARSE_SYSLOG,
 * HALONG_PARSE_EMPTY or HALONG_PARSE_TIME).
 */
export const parseSyslog: TextParser = createSyslogParser();

function readRecord(raw: string, source: SourceContext): SyslogRecord | undefined {
  const text = trimTrailers(raw);
  if (text.trim() === '') return undefined;
  let record: SyslogRecord;
  if (text[0] === '<') {
    PRI.lastIndex = 0;
    const m = PRI.exec(text);
    if (!m) notSyslog(`The message starts with "<" but not with a PRI ("${text.slice(0, 6)}"); expected <0> to <191>.`);
    const priority = decodePriority(Number(m[1]));
    if (!priority) notSyslog(`The PRI <${m[1]}> is outside 0–191.`);
    const pos = m[0].length;
    if (pos === text.length) notSyslog(`The message is a PRI (${m[0]}) with nothing after it.`);
    record = looksLikeRfc5424(text, pos) ? parseRfc5424(text, pos, priority, source) : parseRfc3164(text, pos, priority, true, source);
  } else {
    record = parseRfc3164(text, 0, decodePriority(DEFAULT_PRIORITY)!, false, source);
  }
  if (!record.vendor && record.message) record.vendor = fortinetEvent(record.message, source);
  return record;
}
