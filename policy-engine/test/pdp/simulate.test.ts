import type { RecordedDecision } from '../../src/pdp/simulate';
import { simulate } from '../../src/pdp/simulate';
import { fixture, load } from './helpers';

const recorded = JSON.parse(fixture('recorded-decisions.json')) as RecordedDecision[];
const current = fixture('soc-policies.yaml');
// The draft: a stricter risk threshold, no collector policy, and a new auditor policy.
const draft = load(
  `${current
    .replace('context.risk < 70', 'context.risk < 50')
    .replace(/ {2}- id: collectors-ship-events[\s\S]*?actions: \[write\]\n\n/, '')}---
id: auditors-read
description: auditors read everything
effect: allow
subjects: [{roles: [auditor]}]
resources: [{type: "*"}]
actions: [read]
`,
  'draft.yaml',
);

describe('simulate', () => {
  const report = simulate(draft, recorded);

  it('replays every recorded decision and counts the outcome', () => {
    expect(report).toMatchObject({ total: 8, replayed: 6, unchanged: 2, skipped: { quarantine: 1, invalid: 1 } });
  });

  it('lists who would lose access, grouped per subject, resource and action, most frequent first', () => {
    expect(report.lost.map((c) => [c.subject.id, c.resource.id, c.action, c.count])).toEqual([
      ['alice', 'alerts/qn-01/1', 'read', 2],
      ['spiffe://halong.local/collector/qn-01/syslog-1', 'batch-77', 'write', 1],
    ]);
    const alice = report.lost[0]!;
    expect(alice).toMatchObject({
      before: true,
      after: false,
      first_seen: '2025-03-03T03:00:00.000Z',
      last_seen: '2025-03-03T04:00:00.000Z',
      decision_ids: ['d1', 'd2'],
      before_reasons: ['policy "soc-analysts-read-alerts" allows (again)'],
    });
    // The draft's reasons say why: the stricter condition (risk 65 recorded at 04:00) is now false.
    expect(alice.after_reasons[0]).toMatchObject({ policy_id: 'halong:default-deny' });
    expect(alice.after_reasons[0]!.candidates![0]).toMatchObject({ policy_id: 'soc-analysts-read-alerts', missed: ['condition'] });
  });

  it('lists who would gain access, and a deny still overrides the new allow at night', () => {
    expect(report.gained).toEqual([
      expect.objectContaining({ subject: { type: 'user', id: 'carol' }, resource: { type: 'report', id: 'r-1' }, before: false, after: true, count: 1 }),
    ]);
    expect(report.gained[0]!.after_reasons[0]).toMatchObject({ policy_id: 'auditors-read', effect: 'allow' });
    // erin (a contractor auditor at 20:30 in Hanoi) stays denied: not in gained.
    expect(report.gained.some((c) => c.subject.id === 'erin')).toBe(false);
  });

  it('changes nothing when the draft is the current policy set', () => {
    const same = simulate(load(current), recorded);
    expect(same.gained).toEqual([]);
    expect(same.lost).toEqual([]);
    expect(same.unchanged).toBe(6);
  });
});
