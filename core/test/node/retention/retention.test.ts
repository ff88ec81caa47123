import { applyRetention, expiredIndices } from '@halong/core/node';

const NOW = new Date('2026-11-23T10:30:00Z');

describe('expiredIndices', () => {
  const names = [
    'halong-events-windows.sysmon-2026.08.24', // 91 days before NOW's day
    'halong-events-windows.sysmon-2026.08.25', // exactly 90 days: kept
    'halong-events-linux.auditd-2026.11.23',
    'halong-events-generic-2025.01.01',
    'halong-alerts',
    'halong-deadletter',
    'other-events-generic-2020.01.01',
    'halong-events-generic-2026.13.45x',
  ];

  it('selects daily events indices whose day is older than the retention, by name only', () => {
    expect(expiredIndices(names, 'halong', 90, NOW)).toEqual(['halong-events-windows.sysmon-2026.08.24', 'halong-events-generic-2025.01.01']);
  });

  it('never selects alerts, dead letters or another prefix', () => {
    expect(expiredIndices(names, 'halong', 1, NOW)).not.toEqual(expect.arrayContaining(['halong-alerts', 'halong-deadletter', 'other-events-generic-2020.01.01']));
  });

  it('treats the prefix literally (a dot is not a wildcard)', () => {
    expect(expiredIndices(['aXb-events-generic-2020.01.01'], 'a.b', 1, NOW)).toEqual([]);
  });
});

describe('applyRetention', () => {
  it('deletes exactly the expired indices by name, in groups', async () => {
    const existing = Array.from({ length: 120 }, (_, i) => `halong-events-generic-2025.${String((i % 12) + 1).padStart(2, '0')}.${String((i % 28) + 1).padStart(2, '0')}`);
    const unique = [...new Set(existing)];
    const deleted: string[][] = [];
    const client = {
      cat: { indices: jest.fn(async () => ({ body: [...unique, 'halong-events-generic-2026.11.22'].map((index) => ({ index })) })) },
      indices: { delete: jest.fn(async ({ index }: { index: string[] }) => void deleted.push(index)) },
    };
    const result = await applyRetention(client as never, 'halong', 90, NOW);
    expect(result.sort()).toEqual(unique.sort());
    expect(deleted.flat().sort()).toEqual(unique.sort());
    expect(deleted.every((group) => group.length <= 50)).toBe(true);
    expect(deleted.flat()).not.toContain('halong-events-generic-2026.11.22');
  });
});
