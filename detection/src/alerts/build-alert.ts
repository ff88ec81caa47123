// Alert documents from open-alert state, and the sources they are made of.
import type { Alert, IndexNames, MatchedEventRef } from '@halong/core';
import { ruleKey } from '../correlation/compile';
import type { CorrelationMatch } from '../correlation/types';
import type { RuleHit } from '../engine/types';
import { readField } from '../correlation/fields';
import { attackFromTags } from './attack';
import { plainGroupKey } from './entities';
import type { AlertRule, AlertSource, OpenAlert } from './types';

/** Sigma leaves `level` optional; an alert needs one. */
export const DEFAULT_LEVEL: Alert['rule']['level'] = 'medium';

/** A plain rule hit as an alert source (group key from its main entity). */
export function sourceFromHit(rule: AlertRule, hit: RuleHit): AlertSource {
  return { rule, groupKey: plainGroupKey(hit), at: hit.timestamp, sourceId: hit.eventId, hits: [hit], count: 1 };
}

/** A correlation match as an alert source (group key from its group-by values). */
export function sourceFromMatch(rule: AlertRule, match: CorrelationMatch): AlertSource {
  return { rule, groupKey: match.groupKey, at: match.windowEnd, sourceId: match.id, hits: match.hits, count: match.hitCount };
}

/** Where a matched event is indexed (dataset and day of its `@timestamp`), its id and matched fields. */
export function eventRef(hit: RuleHit, indices: IndexNames): MatchedEventRef {
  const dataset = readField(hit.fields, 'event.dataset');
  return {
    index: indices.events(typeof dataset === 'string' ? dataset : undefined, new Date(hit.timestamp)),
    id: hit.eventId,
    fields: hit.fields,
  };
}

/** A fresh open alert for the first source of a (rule, group key, dedup window). */
export function openAlert(id: string, source: AlertSource, windowStart: number, now: number): OpenAlert {
  return {
    id,
    rule: { id: ruleKey(source.rule), title: source.rule.title, level: source.rule.level ?? DEFAULT_LEVEL, attack: attackFromTags(source.rule.tags) },
    groupKey: source.groupKey,
    windowStart,
    openedAt: now,
    firstSeen: source.at,
    lastSeen: source.at,
    count: 0,
    events: [],
    entities: {},
    lastEmitAt: now,
    dirty: true,
  };
}

/** The alert document, complete in every version: the indexer merges it by id (core indexer/alert-merge.ts), keeping the stored status. */
export function toAlert(open: OpenAlert, actor: string): Alert {
  const opened = new Date(open.openedAt).toISOString();
  return {
    id: open.id,
    '@timestamp': opened,
    rule: structuredClone(open.rule),
    group_key: open.groupKey,
    entities: structuredClone(open.entities),
    events: structuredClone(open.events),
    first_seen: new Date(open.firstSeen).toISOString(),
    last_seen: new Date(open.lastSeen).toISOString(),
    count: open.count,
    status: 'open',
    status_history: [{ status: 'open', at: opened, by: actor }],
  };
}
