// RFC 3164 and what devices actually send under that name: [<PRI>]TIMESTAMP HOSTNAME
// TAG[PID]: MSG, where the timestamp may carry a year or be RFC 3339 (rsyslog), the hostname
// may be missing (local /dev/log format, some appliances), and Cisco writes its own header.
// Without a valid timestamp, everything after the PRI is the content (RFC 3164 §4.3.2).
import type { SourceContext } from '../../parse/types';
import { ciscoEvent, readCiscoHeader } from './cisco';
import type { Priority } from './priority';
import type { SyslogRecord } from './syslog-record';
import { SyslogFault } from './syntax-error';
import { skipSpaces, tokenEnd } from './text-scan';
import { placeTimestamp, readTimestamp } from './timestamps';

// TAG (the program, up to the first "[" or ":"), optional [PID], then ":" and a space or the end.
const TAG = /([^\s[\]:]{1,128})(?:\[([^\s[\]]{1,128})\])?:(?: |$)/y;

/**
 * The fields of an RFC 3164-style message whose header starts at `pos`; `hasPri` says whether
 * a PRI preceded it (a message with neither PRI nor timestamp is not syslog).
 * @throws SyslogSyntaxError when there is no header, or its time is impossible.
 */
export function parseRfc3164(text: string, pos: number, priority: Priority, hasPri: boolean, source: SourceContext): SyslogRecord {
  const record = readRfc3164(text, pos, priority, hasPri, source);
  if (record instanceof SyslogFault) throw record.toError();
  return record;
}

/** {@link parseRfc3164}, with a SyslogFault returned for text that has no header or an unusable time. */
export function readRfc3164(text: string, pos: number, priority: Priority, hasPri: boolean, source: SourceContext): SyslogRecord | SyslogFault {
  const record: SyslogRecord = { priority };
  const cisco = readCiscoHeader(text, pos);
  if (cisco) {
    record.vendor = ciscoEvent(cisco, source);
    return record;
  }

  let i = pos;
  const ts = readTimestamp(text, i);
  if (ts) {
    const time = placeTimestamp(ts, source);
    if (time instanceof SyslogFault) return time;
    record.time = time;
    i = ts.end;
    if (text[i] === ':') i += 1;
    else i = readHostname(text, skipSpaces(text, i), record);
    i = skipSpaces(text, i);
  } else if (!hasPri) {
    return new SyslogFault('HALONG_PARSE_SYSLOG', `The message has neither a <PRI> nor a timestamp at its start ("${text.slice(pos, pos + 20)}"), so it is not syslog.`);
  }

  // A relay's header in front of a Cisco device's own (rsyslog writing what IOS sent).
  const inner = readCiscoHeader(text, i);
  if (inner) {
    record.vendor = ciscoEvent(inner, source);
    return record;
  }
  TAG.lastIndex = i;
  const tag = TAG.exec(text);
  if (tag) {
    record.appname = tag[1]!;
    if (tag[2] !== undefined) record.procid = tag[2];
    i += tag[0].length;
  }
  if (i < text.length) record.message = text.slice(i);
  return record;
}

// The HOSTNAME at `pos`, unless the token there is already the TAG (no hostname) or too long to
// be one; returns where the TAG should start.
function readHostname(text: string, pos: number, record: SyslogRecord): number {
  const end = tokenEnd(text, pos);
  if (end <= pos) return pos;
  TAG.lastIndex = pos;
  if (TAG.test(text) || text[pos] === '%') return pos;
  record.hostname = text.slice(pos, end);
  const next = skipSpaces(text, end);
  // Cisco ASA writes "HOST : %ASA-…"; the lone colon belongs to the header, not to the message.
  return text.startsWith(': ', next) || (text[next] === ':' && next + 1 === text.length) ? next + 1 : end;
}
