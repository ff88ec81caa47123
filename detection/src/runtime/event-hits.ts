// From a consumed event to rule hits, and from a hit to what is published: detection records
// (keyed by correlation group) and, for rules that alert on their own, an alert source.
import { sourceFromHit } from '../alerts/build-alert';
import { ALERT_CONTEXT_FIELDS } from '../alerts/entities';
import type { AlertSource } from '../alerts/types';
import type { CorrelationIndex } from '../correlation/correlation-index';
import type { DetectionRecord } from '../correlation/types';
import { pathRef } from '../engine/field-access';
import type { RuleMatch } from '../engine/matcher-types';
import type { EventRecord, RuleHit } from '../engine/types';
import type { RuleEntry } from './rule-set';

/** Why an event cannot be matched. */
export type MalformedReason = 'not-json' | 'not-an-object' | 'no-event-id';

/** The two things every hit needs from its event. */
export interface EventMeta {
  id: string;
  /** `@timestamp` in ms; the Kafka record time when the event has none that parses. */
  timestamp: number;
  timestampFallback: boolean;
}

/** A consumed event, or why it is malformed. */
export type ReadEvent = { event: EventRecord; meta: EventMeta } | { malformed: MalformedReason; detail: string };

const EVENT_ID = pathRef('event.id');
const TIMESTAMP = pathRef('@timestamp');

/** Reads a consumed value as an event: a JSON object with an `event.id`. */
export function readEvent(value: unknown, decodeError: string | undefined, recordTimestamp: string): ReadEvent {
  if (decodeError !== undefined) return { malformed: 'not-json', detail: decodeError };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { malformed: 'not-an-object', detail: `value is ${Array.isArray(value) ? 'an array' : typeof value}` };
  const event = value as EventRecord;
  const id = EVENT_ID.read(event);
  if (typeof id !== 'string' || id === '') return { malformed: 'no-event-id', detail: 'event.id is missing or not a string' };
  const raw = TIMESTAMP.read(event);
  const parsed = typeof raw === 'string' ? Date.parse(raw) : typeof raw === 'number' ? raw : NaN;
  if (Number.isFinite(parsed)) return { event, meta: { id, timestamp: parsed, timestampFallback: false } };
  return { event, meta: { id, timestamp: Number(recordTimestamp), timestampFallback: true } };
}

/**
 * The hit of one rule on one event: the fields the rule read, plus what its correlations group
 * and aggregate on and what an alert names (host, user, IP, SPIFFE id, dataset).
 */
export function buildHit(entry: RuleEntry, match: RuleMatch, event: EventRecord, meta: EventMeta, index: CorrelationIndex): RuleHit {
  const fields: Record<string, unknown> = { ...match.fields };
  for (const path of [...index.requiredFields(entry.key), ...ALERT_CONTEXT_FIELDS]) {
    if (Object.prototype.hasOwnProperty.call(fields, path)) continue;
    const value = pathRef(path).read(event);
    if (value !== undefined) fields[path] = value;
  }
  return { ruleId: entry.key, eventId: meta.id, timestamp: meta.timestamp, fields };
}

/** A detections-topic record with its Kafka key. */
export interface KeyedDetection {
  key: string;
  value: DetectionRecord;
}

/** Where one hit goes. */
export interface RoutedHit {
  /** One per correlation group the hit feeds, keyed by the group key. */
  detections: KeyedDetection[];
  /** Set when the rule raises its own alerts (no correlation says `generate: false` about it). */
  alert?: AlertSource;
}

/** Routes one hit: to the correlations that reference its rule, and to its own alert. */
export function routeHit(entry: RuleEntry, hit: RuleHit, index: CorrelationIndex): RoutedHit {
  const detections = index.records(hit).map((value) => ({ key: value.groupKey, value }));
  return index.standalone(entry.key) ? { detections, alert: sourceFromHit(entry.doc, hit) } : { detections };
}
