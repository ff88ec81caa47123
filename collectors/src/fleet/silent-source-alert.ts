// A silent source as an alert of the shape ARCHITECTURE.md defines: one per (source, silence),
// with a deterministic id so a repeated report of the same silence lands on the same document.
import { createHash } from 'node:crypto';
import type { Alert } from '@halong/core';
import type { SilentSource } from './silence-watch';

/** The rule id Halong's own silent-source alerts carry. */
export const SILENT_SOURCE_RULE_ID = 'halong-collector-silent-source';

/** The alert for one silence of one source. */
export function silentSourceAlert(s: SilentSource, now: number): Alert {
  const at = new Date(now).toISOString();
  const host = s.key.startsWith('host:') ? s.key.slice(5) : undefined;
  return {
    id: createHash('sha256').update(JSON.stringify([SILENT_SOURCE_RULE_ID, s.key, s.lastSeen])).digest('hex').slice(0, 32),
    '@timestamp': at,
    rule: { id: SILENT_SOURCE_RULE_ID, title: `Log source went silent: ${s.key}`, level: 'medium', attack: { tactics: ['defense-evasion'], techniques: ['T1562.002'] } },
    group_key: s.key,
    entities: host ? { host: [host] } : {},
    events: [],
    first_seen: new Date(s.lastSeen).toISOString(),
    last_seen: at,
    count: 1,
    status: 'open',
    status_history: [{ status: 'open', at, by: 'halong-collector', note: `silent for ${Math.round(s.silentForMs / 1000)} s; usual cadence ${Math.round(s.cadenceMs / 1000)} s` }],
  };
}
