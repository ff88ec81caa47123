// The layout of an Open5GS log record (lib/core/ogs-log.c):
//   [MM/DD HH:MM:SS.mmm: ][[domain] ]LEVEL: content[ (errno:text)][ (file:line)][ function()]
// Timestamps have no year and no zone (local time of the host); a year-first variant is
// accepted too. Hex dumps and multi-line content follow on lines of their own. When the
// daemon runs under systemd or docker compose, their prefixes come first and say who wrote it.

/** The levels Open5GS prints, most severe first. */
export const OPEN5GS_LEVELS = ['FATAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG', 'TRACE'] as const;

/** One of {@link OPEN5GS_LEVELS}. */
export type Open5gsLevel = (typeof OPEN5GS_LEVELS)[number];

/** The wall-clock time printed at the start of a line (no zone; year only in newer layouts). */
export interface Open5gsStamp {
  year?: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** A record split into its parts. */
export interface Open5gsRecord {
  stamp?: Open5gsStamp;
  domain?: string;
  level: Open5gsLevel;
  /** The first line's content without its indentation and source-location suffix. */
  content: string;
  /** Lines after the first (hex dumps, multi-line content), as they were. */
  continuation: string[];
  origin?: { file: string; line: number; function?: string };
  /** What a syslog/journald prefix said (`Mar 18 08:17:34 host open5gs-amfd[1513]: `). */
  syslog?: { host: string; program: string; pid?: number };
  /** The service name of a docker compose prefix (`amf  | `). */
  container?: string;
}

// Open5GS colours its terminal output; the escapes survive `docker logs` and journald.
// eslint-disable-next-line no-control-regex -- the ANSI escape is the point of this pattern
const ANSI = /\u001b\[[0-9;]*m/g;
const SYSLOG_PREFIX = /^[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} (\S{1,255}) (open5gs-[a-z]{1,16})(?:\[(\d{1,10})\])?: /;
const COMPOSE_PREFIX = /^([A-Za-z0-9][\w.-]{0,63}) *\| /;
const HEADER =
  /^(?:(?:(\d{4})\/)?(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}): )?(?:\[([A-Za-z0-9_-]{1,32})\] )?(FATAL|ERROR|WARNING|INFO|DEBUG|TRACE): ?/;
const ORIGIN = / \(([^\s()]{1,512}):(\d{1,7})\)(?: ([A-Za-z_]\w{0,127})\(\))?$/;
const LINE_BREAK = /\r?\n/;

/** `text` without ANSI colour escapes. */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/**
 * A record split into its parts, or undefined when its first line is not an Open5GS log line.
 * A line needs a timestamp or a domain besides its level, so that any `ERROR: …` text is not
 * taken for Open5GS.
 */
export function readRecord(text: string): Open5gsRecord | undefined {
  const lines = stripAnsi(text).split(LINE_BREAK);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  let first = lines[0];
  if (first === undefined) return undefined;

  let syslog: Open5gsRecord['syslog'];
  const sys = SYSLOG_PREFIX.exec(first);
  if (sys) {
    syslog = { host: sys[1]!, program: sys[2]!, ...(sys[3] !== undefined ? { pid: Number(sys[3]) } : {}) };
    first = first.slice(sys[0].length);
  }
  let container: string | undefined;
  if (!sys) {
    const compose = COMPOSE_PREFIX.exec(first);
    if (compose && HEADER.test(first.slice(compose[0].length))) {
      container = compose[1]!;
      first = first.slice(compose[0].length);
    }
  }

  const head = HEADER.exec(first);
  if (!head || (head[3] === undefined && head[8] === undefined)) return undefined;
  const record: Open5gsRecord = { level: head[9] as Open5gsLevel, content: '', continuation: lines.slice(1) };
  if (head[3] !== undefined) {
    record.stamp = {
      ...(head[1] !== undefined ? { year: Number(head[1]) } : {}),
      month: Number(head[2]),
      day: Number(head[3]),
      hour: Number(head[4]),
      minute: Number(head[5]),
      second: Number(head[6]),
      millisecond: Number(head[7]),
    };
  }
  if (head[8] !== undefined) record.domain = head[8];
  if (syslog) record.syslog = syslog;
  if (container !== undefined) record.container = container;

  let content = first.slice(head[0].length).trimEnd();
  const origin = ORIGIN.exec(content);
  if (origin) {
    record.origin = { file: origin[1]!, line: Number(origin[2]), ...(origin[3] !== undefined ? { function: origin[3] } : {}) };
    content = content.slice(0, origin.index);
  }
  record.content = content.trimStart();
  return record;
}
