import { DEFAULT_DATASET, datasetSlug, indexNames } from '@halong/core';

describe('indexNames', () => {
  const names = indexNames('halong');

  it('derives every fixed index name from the prefix', () => {
    expect(names.eventsPattern).toBe('halong-events-*');
    expect(names.alerts).toBe('halong-alerts');
    expect(names.deadLetter).toBe('halong-deadletter');
    expect(names.decisions).toBe('halong-decisions');
    expect(names.audit).toBe('halong-audit');
    expect(indexNames('t-42').alerts).toBe('t-42-alerts');
  });

  it('names the daily events index after the dataset slug and the UTC day', () => {
    expect(names.events('Windows.Sysmon', new Date('2026-11-22T10:00:00Z'))).toBe('halong-events-windows.sysmon-2026.11.22');
  });

  it('pads month and day to two digits', () => {
    expect(names.events('linux.auditd', new Date('2026-01-05T12:00:00Z'))).toBe('halong-events-linux.auditd-2026.01.05');
  });

  it('uses the UTC day, not the local one, at day boundaries', () => {
    expect(names.events('x', new Date('2026-03-01T23:59:59.999Z'))).toBe('halong-events-x-2026.03.01');
    expect(names.events('x', new Date('2026-03-02T00:00:00.000Z'))).toBe('halong-events-x-2026.03.02');
    // 23:30 in New York on the 22nd is already the 23rd in UTC.
    expect(names.events('x', new Date('2026-11-22T23:30:00-05:00'))).toBe('halong-events-x-2026.11.23');
    // 00:30 in Tokyo on the 1st of January is still the 31st of December in UTC.
    expect(names.events('x', new Date('2027-01-01T00:30:00+09:00'))).toBe('halong-events-x-2026.12.31');
  });

  it('falls back to the default dataset when none is given', () => {
    expect(names.events(undefined, new Date('2026-11-22T00:00:00Z'))).toBe(`halong-events-${DEFAULT_DATASET}-2026.11.22`);
  });

  it('names correctly when one instance goes back and forth between days and datasets', () => {
    const fresh = indexNames('m');
    const days = ['2026-03-01T23:59:59.999Z', '2026-03-02T00:00:00.000Z', '2026-03-01T12:00:00Z', '2026-03-02T05:00:00Z'];
    for (let round = 0; round < 2; round++) {
      for (const day of days) {
        for (const dataset of ['a', 'b', undefined]) {
          const expected = `m-events-${dataset ?? DEFAULT_DATASET}-2026.03.0${day.startsWith('2026-03-01') ? 1 : 2}`;
          expect(fresh.events(dataset, new Date(day))).toBe(expected);
        }
      }
    }
  });

  it('stays right for more datasets than it remembers', () => {
    const fresh = indexNames('m');
    const at = new Date('2026-05-05T05:05:05Z');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 600; i++) expect(fresh.events(`d${i}`, at)).toBe(`m-events-d${i}-2026.05.05`);
    }
  });

  it('keeps the events index inside the events pattern', () => {
    const index = names.events('network.syslog', new Date('2026-06-15T08:00:00Z'));
    expect(index.startsWith(names.eventsPattern.slice(0, -1))).toBe(true);
  });
});

describe('datasetSlug', () => {
  it('lowercases', () => {
    expect(datasetSlug('Windows.Sysmon')).toBe('windows.sysmon');
    expect(datasetSlug('LINUX_AUDITD')).toBe('linux_auditd');
  });

  it('replaces runs of characters illegal in index names with one underscore', () => {
    expect(datasetSlug('a b')).toBe('a_b');
    expect(datasetSlug('a\\/*?"<>|,#:b')).toBe('a_b');
    expect(datasetSlug('fw-edge 01')).toBe('fw_edge_01');
    expect(datasetSlug('café')).toBe('caf_');
  });

  it('leaves only lowercase letters, digits, dots and underscores', () => {
    const slug = datasetSlug('A*B?C:D#E,F|G<H>I"J/K\\L M-N+O');
    expect(slug).toMatch(/^[a-z0-9._]+$/);
  });

  it('drops leading dots and underscores', () => {
    expect(datasetSlug('..hidden')).toBe('hidden');
    expect(datasetSlug('_x')).toBe('x');
    expect(datasetSlug(' x')).toBe('x');
  });

  it("uses 'generic' when nothing usable is left", () => {
    expect(DEFAULT_DATASET).toBe('generic');
    expect(datasetSlug(undefined)).toBe('generic');
    expect(datasetSlug('')).toBe('generic');
    expect(datasetSlug('***')).toBe('generic');
    expect(datasetSlug('...')).toBe('generic');
  });

  it('caps the slug at 64 characters', () => {
    expect(datasetSlug('a'.repeat(200))).toBe('a'.repeat(64));
  });
});
