import { indexNames } from '@halong/core';
import type { RuleHit } from '../../src/engine/types';
import { rule } from '../correlation/support';

export const INDICES = indexNames('halong');
export const T0 = Date.parse('2026-03-01T10:00:00Z');
export const MINUTE = 60_000;

export const RULE = rule('9f2c1a7e-0000-4000-8000-000000000001', {
  title: 'Suspicious PowerShell download cradle',
  level: 'high',
  tags: ['attack.execution', 'attack.t1059.001'],
});

/** A frozen wall clock the test moves by hand. */
export function frozenClock(start = Date.parse('2026-03-01T12:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

export function psHit(eventId: string, timestamp: number, extra: Record<string, unknown> = {}): RuleHit {
  return {
    ruleId: RULE.id as string,
    eventId,
    timestamp,
    fields: { 'event.dataset': 'Windows.Sysmon', 'host.name': 'ws-01', 'user.name': 'alice', 'process.command_line': 'iex (New-Object Net.WebClient)', ...extra },
  };
}
