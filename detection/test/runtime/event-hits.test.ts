import { ALERT_CONTEXT_FIELDS } from '../../src/alerts';
import type { RuleMatch } from '../../src/engine';
import { buildHit, findRule, readEvent, routeHit } from '../../src/runtime';
import { BURST, CORRELATION_ID, PIPE_TO_SHELL, QUIET_ID, RULE_ID, T0, processEvent, ruleSetOf, standardFiles } from './support';

describe('readEvent', () => {
  it('takes event.id and @timestamp from a nested or a flat event', () => {
    const nested = readEvent(processEvent('e1', T0), undefined, '1');
    expect(nested).toMatchObject({ meta: { id: 'e1', timestamp: T0, timestampFallback: false } });
    const flat = readEvent({ 'event.id': 'e2', '@timestamp': T0 + 5 }, undefined, '1');
    expect(flat).toMatchObject({ meta: { id: 'e2', timestamp: T0 + 5 } });
  });

  it('says why an event cannot be matched', () => {
    expect(readEvent(undefined, 'value is not JSON: Unexpected token', '1')).toEqual({ malformed: 'not-json', detail: 'value is not JSON: Unexpected token' });
    expect(readEvent([1, 2], undefined, '1')).toMatchObject({ malformed: 'not-an-object' });
    expect(readEvent('text', undefined, '1')).toMatchObject({ malformed: 'not-an-object' });
    expect(readEvent({ event: { kind: 'event' } }, undefined, '1')).toMatchObject({ malformed: 'no-event-id' });
    expect(readEvent({ event: { id: 42 } }, undefined, '1')).toMatchObject({ malformed: 'no-event-id' });
  });

  it('falls back to the Kafka record time when @timestamp does not parse', () => {
    expect(readEvent({ event: { id: 'e3' }, '@timestamp': 'yesterday' }, undefined, String(T0))).toMatchObject({ meta: { id: 'e3', timestamp: T0, timestampFallback: true } });
  });
});

describe('buildHit and routeHit', () => {
  const match = (fields: Record<string, unknown>): RuleMatch => ({ rule: undefined as never, index: 0, fields });

  it('carries the rule fields, what its correlations group on and what an alert names', async () => {
    const set = await ruleSetOf(standardFiles());
    const entry = findRule(set, RULE_ID)!;
    const event = processEvent('e1', T0, { host: 'web-07' });
    const meta = { id: 'e1', timestamp: T0, timestampFallback: false };
    const hit = buildHit(entry, match({ 'process.command_line': 'curl x | sh' }), event, meta, set.index);
    expect(hit).toEqual({
      ruleId: RULE_ID,
      eventId: 'e1',
      timestamp: T0,
      fields: { 'process.command_line': 'curl x | sh', 'host.name': 'web-07', 'event.dataset': 'linux.auditd', 'user.name': 'alice', 'source.ip': '10.0.0.7' },
    });
    expect(set.index.requiredFields(RULE_ID)).toEqual(['host.name']);
    expect(ALERT_CONTEXT_FIELDS).toContain('host.name');
  });

  it('never overwrites what the matcher read, and leaves absent fields out', async () => {
    const set = await ruleSetOf(standardFiles());
    const entry = findRule(set, QUIET_ID)!;
    const event = { event: { id: 'e9' }, host: { name: 'db-01' } };
    const hit = buildHit(entry, match({ 'host.name': 'as-read' }), event, { id: 'e9', timestamp: T0, timestampFallback: false }, set.index);
    expect(hit.fields).toEqual({ 'host.name': 'as-read' });
  });

  it('addresses a referenced rule’s hit to its correlation group and, with generate: true, to its own alert', async () => {
    const set = await ruleSetOf(standardFiles());
    const entry = findRule(set, RULE_ID)!;
    const hit = { ruleId: RULE_ID, eventId: 'e1', timestamp: T0, fields: { 'host.name': 'web-01' } };
    const routed = routeHit(entry, hit, set.index);
    expect(routed.detections).toEqual([{ key: 'host.name=web-01', value: { correlationId: CORRELATION_ID, groupKey: 'host.name=web-01', hit } }]);
    expect(routed.alert).toMatchObject({ groupKey: 'host.name=web-01', sourceId: 'e1', at: T0, count: 1, rule: { id: RULE_ID } });
  });

  it('feeds no group without the group-by field, and no own alert when the correlation says generate: false', async () => {
    const set = await ruleSetOf([
      ['pipe.yml', PIPE_TO_SHELL],
      ['burst.yml', BURST.replace('generate: true', 'generate: false')],
    ]);
    const entry = findRule(set, RULE_ID)!;
    const routed = routeHit(entry, { ruleId: RULE_ID, eventId: 'e1', timestamp: T0, fields: {} }, set.index);
    expect(routed).toEqual({ detections: [] });
  });

  it('gives a rule no correlation references only its own alert', async () => {
    const set = await ruleSetOf(standardFiles());
    const routed = routeHit(findRule(set, QUIET_ID)!, { ruleId: QUIET_ID, eventId: 'e2', timestamp: T0, fields: { 'host.name': 'h' } }, set.index);
    expect(routed.detections).toEqual([]);
    expect(routed.alert?.groupKey).toBe('host.name=h');
  });
});
