// PRI = facility × 8 + severity (RFC 5424 §6.2.1). Names are the keywords of syslog.h,
// logger(1) and rsyslog's syslogfacility-text, so Sigma's `log.syslog.facility.name: auth`
// matches what administrators write in their configuration.

/** Facility keywords by code (0–23). */
export const FACILITY_NAMES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news',
  'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'audit', 'alert', 'clock',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

/** Severity keywords by code (0–7). */
export const SEVERITY_NAMES: readonly string[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** The PRI that RFC 3164 §4.3.3 tells a relay to assume when a message has none: user.notice. */
export const DEFAULT_PRIORITY = 13;

/** A PRI split into its facility and severity. */
export interface Priority {
  priority: number;
  facility: number;
  severity: number;
}

/** Facility and severity of a PRI value, or undefined when it is outside 0–191. */
export function decodePriority(priority: number): Priority | undefined {
  if (!Number.isInteger(priority) || priority < 0 || priority > 191) return undefined;
  return { priority, facility: priority >> 3, severity: priority & 7 };
}
