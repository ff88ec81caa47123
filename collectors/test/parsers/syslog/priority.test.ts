import { DEFAULT_PRIORITY, FACILITY_NAMES, SEVERITY_NAMES, decodePriority } from '../../../src/parsers/syslog/priority';

describe('syslog PRI', () => {
  it('splits a PRI into facility and severity (RFC 5424 §6.2.1)', () => {
    expect(decodePriority(0)).toEqual({ priority: 0, facility: 0, severity: 0 });
    expect(decodePriority(34)).toEqual({ priority: 34, facility: 4, severity: 2 });
    expect(decodePriority(165)).toEqual({ priority: 165, facility: 20, severity: 5 });
    expect(decodePriority(191)).toEqual({ priority: 191, facility: 23, severity: 7 });
  });

  it('rejects values outside 0–191', () => {
    expect(decodePriority(192)).toBeUndefined();
    expect(decodePriority(-1)).toBeUndefined();
    expect(decodePriority(1.5)).toBeUndefined();
  });

  it('names facilities and severities with the syslog.h keywords Sigma rules use', () => {
    expect(FACILITY_NAMES).toHaveLength(24);
    expect([FACILITY_NAMES[4], FACILITY_NAMES[10], FACILITY_NAMES[9], FACILITY_NAMES[23]]).toEqual(['auth', 'authpriv', 'cron', 'local7']);
    expect(SEVERITY_NAMES).toEqual(['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']);
  });

  it('assumes user.notice for messages without a PRI (RFC 3164 §4.3.3)', () => {
    expect(decodePriority(DEFAULT_PRIORITY)).toEqual({ priority: 13, facility: 1, severity: 5 });
  });
});
