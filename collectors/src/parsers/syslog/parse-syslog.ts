// The syslog TextParser: PRI, then RFC 5424 when a version and a date (or "-") follow it, else
// RFC 3164 and its vendor variants; then a FortiGate key=value body is recognised in the MSG.
import { failure } from '../../parse/errors';
import type { ParseOutcome, SourceContext, TextParser } from '../../parse/types';
import type { BuildOptions } from './build-event';
import { buildEvent } from './build-event';
import { fortinetEvent } from './fortinet';
import { DEFAULT_PRIORITY, decodePriority } from './priority';
import { readRfc3164 } from './rfc3164';
import { looksLikeRfc5424, parseRfc5424 } from './rfc5424';
import type { SyslogRecord } from './syslog-record';
import { SyslogFault, SyslogSyntaxError } from './syntax-error';
import { trimTrailers } from './text-scan';

/** host.os.type given to syslog that is not a recognised vendor's: Sigma's Linux rules route on it. */
export const DEFAULT_HOST_OS_TYPE = 'linux';

const LT = 0x3c;
const GT = 0x3e;

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
  const build: BuildOptions = hostOsType === undefined ? {} : { hostOsType };
  return (text: string, source: SourceContext): ParseOutcome => {
    try {
      const record = readRecord(text, source);
      if (record === undefined) return failure('HALONG_PARSE_EMPTY', 'The syslog message is empty (nothing but whitespace, CR, LF or NUL).');
      if (record instanceof SyslogFault) return failure(record.code, record.message);
      return { ok: true, event: buildEvent(record, source, build) };
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

function readRecord(raw: string, source: SourceContext): SyslogRecord | SyslogFault | undefined {
  const text = trimTrailers(raw);
  if (isBlankText(text)) return undefined;
  let record: SyslogRecord | SyslogFault;
  if (text.charCodeAt(0) === LT) {
    const end = priEnd(text);
    if (end < 0) return new SyslogFault('HALONG_PARSE_SYSLOG', `The message starts with "<" but not with a PRI ("${text.slice(0, 6)}"); expected <0> to <191>.`);
    const digits = text.slice(1, end - 1);
    const priority = decodePriority(Number(digits));
    if (!priority) return new SyslogFault('HALONG_PARSE_SYSLOG', `The PRI <${digits}> is outside 0–191.`);
    if (end === text.length) return new SyslogFault('HALONG_PARSE_SYSLOG', `The message is a PRI (${text.slice(0, end)}) with nothing after it.`);
    record = looksLikeRfc5424(text, end) ? parseRfc5424(text, end, priority, source) : readRfc3164(text, end, priority, true, source);
  } else {
    record = readRfc3164(text, 0, decodePriority(DEFAULT_PRIORITY)!, false, source);
  }
  if (record instanceof SyslogFault) return record;
  if (!record.vendor && record.message) record.vendor = fortinetEvent(record.message, source);
  return record;
}

// The index after a PRI (`<` 1–3 digits `>`) at the start of the text, or -1.
function priEnd(text: string): number {
  let i = 1;
  while (i < text.length && i < 5 && isDigit(text.charCodeAt(i))) i++;
  return i > 1 && i < 5 && text.charCodeAt(i) === GT ? i + 1 : -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// text.trim() === '' without copying the text: a message almost always starts with a printable character.
function isBlankText(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return text.trim() === '';
}
