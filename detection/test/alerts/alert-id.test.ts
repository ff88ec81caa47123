import { alertId, dedupWindowStart } from '../../src/alerts';

describe('alertId', () => {
  it('is the same for the same rule, group key and window, and 32 hex characters', () => {
    const id = alertId('rule-1', 'host.name=web-01', 1_772_359_200_000);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(alertId('rule-1', 'host.name=web-01', 1_772_359_200_000)).toBe(id);
  });

  it('changes with each of the three', () => {
    const base = alertId('rule-1', 'g', 0);
    expect(new Set([base, alertId('rule-2', 'g', 0), alertId('rule-1', 'h', 0), alertId('rule-1', 'g', 900_000)]).size).toBe(4);
  });

  it('keeps the parts apart whatever they contain', () => {
    expect(alertId('a', 'b|c', 0)).not.toBe(alertId('a|b', 'c', 0));
    expect(alertId('a', '', 0)).not.toBe(alertId('', 'a', 0));
  });
});

describe('dedupWindowStart', () => {
  it('aligns windows to the epoch, so the id depends only on the event time', () => {
    const w = 15 * 60_000;
    const t = Date.parse('2026-03-01T10:07:30Z');
    expect(dedupWindowStart(t, w)).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(dedupWindowStart(Date.parse('2026-03-01T10:15:00Z'), w)).toBe(Date.parse('2026-03-01T10:15:00Z'));
    expect(dedupWindowStart(Date.parse('2026-03-01T10:14:59.999Z'), w)).toBe(Date.parse('2026-03-01T10:00:00Z'));
  });
});
