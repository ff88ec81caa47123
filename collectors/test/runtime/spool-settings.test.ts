import { loadConfig } from '@halong/core/node';
import { spoolSettings } from '../../src/runtime/spool-settings';

describe('spoolSettings', () => {
  it('leaves the quarantine bound to the spool when the setting is unset', () => {
    expect(spoolSettings(loadConfig({ env: { HALONG_COLLECTOR_SPOOL_MAX: '64mb' } }).collector)).toEqual({ maxBytes: 64 << 20 });
  });

  it('passes HALONG_COLLECTOR_QUARANTINE_MAX on, 0 included (keep no corrupt copies)', () => {
    expect(spoolSettings(loadConfig({ env: { HALONG_COLLECTOR_QUARANTINE_MAX: '2mb' } }).collector)).toEqual({ maxBytes: 1 << 30, quarantineMaxBytes: 2 << 20 });
    expect(spoolSettings(loadConfig({ env: { HALONG_COLLECTOR_QUARANTINE_MAX: '0' } }).collector)).toEqual({ maxBytes: 1 << 30, quarantineMaxBytes: 0 });
  });
});
