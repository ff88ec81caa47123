// Cisco IOS and ASA write their own header where RFC 3164 has one:
//   IOS: <189>2345: router1: *Mar  1 00:03:04.123 UTC: %SYS-5-CONFIG_I: Configured from …
//   ASA: <166>Jan 05 2026 14:23:45 FW-EDGE-01 : %ASA-6-302013: Built inbound TCP …
// i.e. [SEQ: ][ORIGIN : ][*|.][TIME[ TZ]][: | SP ORIGIN :] %FACILITY-SEVERITY-MNEMONIC: text.
// A leading "*" says the device clock is not authoritative (never synchronised), "." that it
// lost synchronisation; a time marked "*" is not used.
import type { SourceContext } from '../../parse/types';
import { SEVERITY_NAMES } from './priority';
import type { VendorEvent } from './syslog-record';
import type { TimestampText } from './timestamps';
import { readTimestamp, resolveTimestamp } from './timestamps';

// Sticky, bounded, and unambiguous (a facility part starts with a letter, a severity is a digit).
const SEQ = /(\d{1,10}): /y;
const ORIGIN = /([^\s:%*.][^\s:]{0,254}) ?: /y;
const ZONE = / ([A-Z]{2,5})(?=:)/y;
const MNEMONIC = /%([A-Z][A-Z0-9_]{0,31}(?:-[A-Z][A-Z0-9_]{0,31}){0,2})-([0-7])-([A-Za-z0-9_]{1,64}):(?: |$)/y;
// The most text before the mnemonic: SEQ (12), ORIGIN with its colon (258), the mark (1), a
// timestamp (35), a zone (6) and ": " or a second ORIGIN (259); rounded up.
const MNEMONIC_REACH = 600;
const FIREWALLS: Record<string, { dataset: string; product: string }> = {
  ASA: { dataset: 'cisco.asa', product: 'ASA' },
  PIX: { dataset: 'cisco.asa', product: 'ASA' },
  FWSM: { dataset: 'cisco.asa', product: 'ASA' },
  FTD: { dataset: 'cisco.ftd', product: 'FTD' },
};

/** A Cisco message header as read, before it is placed in time. */
export interface CiscoHeader {
  facility: string;
  severity: number;
  mnemonic: string;
  sequence?: number;
  origin?: string;
  timestamp?: TimestampText;
  /** The zone abbreviation after the time (`service timestamps … show-timezone`). */
  zone?: string;
  /** The time was marked "*": the device clock was never synchronised. */
  unsynchronized: boolean;
  /** The text after the mnemonic. */
  text: string;
}

/** The Cisco header at `pos`, or undefined unless it ends in a %FACILITY-SEVERITY-MNEMONIC. */
export function readCiscoHeader(text: string, pos: number): CiscoHeader | undefined {
  // The mnemonic's "%" comes within MNEMONIC_REACH of pos; without one there, the regular
  // expressions below need not run (most messages are not Cisco's).
  const percent = text.indexOf('%', pos);
  if (percent < 0 || percent > pos + MNEMONIC_REACH) return undefined;
  let i = pos;
  const seq = match(SEQ, text, i);
  if (seq) i += seq[0].length;
  let origin = match(ORIGIN, text, i);
  if (origin) i += origin[0].length;
  const mark = text[i] === '*' || text[i] === '.' ? text[i] : undefined;
  if (mark) i += 1;
  const timestamp = readTimestamp(text, i);
  let zone: string | undefined;
  if (timestamp) {
    i = timestamp.end;
    const z = match(ZONE, text, i);
    if (z) {
      zone = z[1];
      i += z[0].length;
    }
    if (text.startsWith(': ', i)) i += 2;
    else if (!origin && text[i] === ' ' && (origin = match(ORIGIN, text, i + 1))) i += 1 + origin[0].length;
    else return undefined;
  } else if (mark) {
    return undefined;
  }
  const m = match(MNEMONIC, text, i);
  if (!m) return undefined;
  const header = { facility: m[1]!, severity: Number(m[2]), mnemonic: m[3]! } as CiscoHeader;
  if (seq) header.sequence = Number(seq[1]);
  if (origin) header.origin = origin[1]!;
  if (timestamp) header.timestamp = timestamp;
  if (zone) header.zone = zone;
  header.unsynchronized = mark === '*';
  header.text = text.slice(i + m[0].length);
  return header;
}

/**
 * The ECS additions of a Cisco message: dataset cisco.asa / cisco.ftd / cisco.ios, event.code
 * (the ASA message id, or the IOS mnemonic) and `cisco.<product>.*`.
 * @throws SyslogSyntaxError (HALONG_PARSE_TIME) when a time it relies on is impossible.
 */
export function ciscoEvent(header: CiscoHeader, source: SourceContext): VendorEvent {
  const firewall = FIREWALLS[header.facility];
  const product = firewall?.product ?? 'IOS';
  const details: Record<string, unknown> = { facility: header.facility, severity: header.severity, mnemonic: header.mnemonic };
  if (firewall) details.message_id = header.mnemonic;
  if (header.sequence !== undefined) details.sequence = header.sequence;
  if (header.unsynchronized) details.clock_unsynchronized = true;
  // Only UTC and GMT are unambiguous abbreviations (IST, CST … name several zones).
  const zone = header.zone === 'UTC' || header.zone === 'GMT' ? 'UTC' : source.timeZone;
  const time = header.timestamp && !header.unsynchronized ? resolveTimestamp(header.timestamp, source, zone) : undefined;
  const event: VendorEvent = {
    dataset: firewall?.dataset ?? 'cisco.ios',
    vendor: 'Cisco',
    product,
    message: header.text,
    severity: header.severity,
    level: SEVERITY_NAMES[header.severity]!,
    code: header.mnemonic,
    fields: { cisco: firewall === undefined ? { ios: details } : firewall.product === 'FTD' ? { ftd: details } : { asa: details } },
  };
  if (time) event.time = time;
  if (header.origin) event.hostname = header.origin;
  return event;
}

function match(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}
