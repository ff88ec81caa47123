import { eventRef, sourceFromHit, sourceFromMatch, toAlert } from '../../src/alerts';
import { openAlert } from '../../src/alerts/build-alert';
import type { CorrelationMatch } from '../../src/correlation';
import { correlation } from '../correlation/support';
import { INDICES, RULE, T0, psHit } from './support';

describe('eventRef', () => {
  it('points at the daily events index of the dataset and @timestamp day (core naming), by event id', () => {
    const hit = psHit('ev-1', Date.parse('2026-03-01T23:59:59Z'));
    expect(eventRef(hit, INDICES)).toEqual({ index: 'halong-events-windows.sysmon-2026.03.01', id: 'ev-1', fields: hit.fields });
    expect(eventRef({ ...hit, fields: {} }, INDICES).index).toBe('halong-events-generic-2026.03.01');
  });
});

describe('toAlert', () => {
  it('builds a complete open alert from its state', () => {
    const open = openAlert('abc', sourceFromHit(RULE, psHit('e', T0)), T0, Date.parse('2026-03-01T12:00:00Z'));
    Object.assign(open, { firstSeen: T0, lastSeen: T0 + 1000, count: 2, entities: { host: ['ws-01'] } });
    expect(toAlert(open, 'detection')).toEqual({
      id: 'abc',
      '@timestamp': '2026-03-01T12:00:00.000Z',
      rule: { id: RULE.id, title: 'Suspicious PowerShell download cradle', level: 'high', attack: { tactics: ['execution'], techniques: ['T1059.001'] } },
      group_key: 'host.name=ws-01',
      entities: { host: ['ws-01'] },
      events: [],
      first_seen: '2026-03-01T10:00:00.000Z',
      last_seen: '2026-03-01T10:00:01.000Z',
      count: 2,
      status: 'open',
      status_history: [{ status: 'open', at: '2026-03-01T12:00:00.000Z', by: 'detection' }],
    });
  });

  it('gives a rule without a level the default level', () => {
    const plain = { ...RULE, level: undefined };
    expect(toAlert(openAlert('x', sourceFromHit(plain, psHit('e', T0)), T0, T0), 'd').rule.level).toBe('medium');
  });
});

describe('sources', () => {
  it('a match stands for its whole window, keyed by its group-by values', () => {
    const corr = correlation({ id: 'c', type: 'event_count', rules: [RULE.id as string], groupBy: ['host.name'], timespanMs: 60_000, condition: { ops: [{ op: 'gte', value: 80 }] } });
    const match: CorrelationMatch = {
      id: 'm1', correlationId: 'c', type: 'event_count', groupKey: 'host.name=ws-01', groupValues: { 'host.name': 'ws-01' },
      windowStart: T0, windowEnd: T0 + 5000, value: 80, hits: [psHit('e1', T0)], hitCount: 80,
    };
    expect(sourceFromMatch(corr, match)).toMatchObject({ groupKey: 'host.name=ws-01', at: T0 + 5000, sourceId: 'm1', count: 80 });
  });
});
