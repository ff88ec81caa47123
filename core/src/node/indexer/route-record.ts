import type { EcsEvent } from '../../ecs-event';
import type { IndexNames } from '../../indices';
import type { ConsumedRecord } from '../kafka/consumer';
import type { DeadLetter, SinkDoc } from '../opensearch/bulk-sink';
import { EventHeaders } from '../../event-headers';
import { ALERT_MERGE_SCRIPT } from './alert-merge';

/**
 * Decides where one consumed record goes: its daily events index (or the alerts index),
 * or the dead-letter index with the reason it cannot be indexed. Pure, so it is tested alone.
 */
export function routeRecord(record: ConsumedRecord<unknown>, names: IndexNames): { doc: SinkDoc } | { letter: DeadLetter } {
  if (record.topicKey === 'events') {
    const routed = routeByHeaders(record, names);
    if (routed) return routed;
  }
  if (record.decodeError) return deadLetterOf(record, record.decodeError, 'decode_error');
  const value = record.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return deadLetterOf(record, 'value is not a JSON object', 'invalid_shape');

  if (record.topicKey === 'decisions') {
    const id = (value as { id?: unknown }).id;
    if (typeof id !== 'string' || !id) return deadLetterOf(record, 'decision has no id', 'missing_id');
    return { doc: { index: names.decisions, id, doc: value } };
  }
  if (record.topicKey === 'audit') {
    const seq = (value as { seq?: unknown }).seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return deadLetterOf(record, 'audit entry has no seq', 'missing_id');
    // The sequence number is the id: a redelivered entry lands on itself (409), a forged one cannot add a second copy.
    return { doc: { index: names.audit, id: String(seq), doc: value } };
  }
  if (record.topicKey === 'alerts') {
    const id = (value as { id?: unknown }).id;
    if (typeof id !== 'string' || !id) return deadLetterOf(record, 'alert has no id', 'missing_id');
    return { doc: { index: names.alerts, id, doc: value, update: { script: ALERT_MERGE_SCRIPT, params: { alert: value as Record<string, unknown> } } } };
  }

  const event = value as Partial<EcsEvent>;
  const id = event.event?.id;
  if (typeof id !== 'string' || !id) return deadLetterOf(record, 'event has no event.id', 'missing_id');
  const ts = event['@timestamp'];
  const time = typeof ts === 'string' ? new Date(ts) : undefined;
  if (!time || Number.isNaN(time.getTime())) return deadLetterOf(record, `event ${id} has no valid @timestamp`, 'invalid_timestamp');
  // The record's text goes to the bulk body as is when it is one line (JSON.stringify's always
  // is; a producer that pretty-printed would break the NDJSON framing, so that one is re-serialised).
  const source = record.raw.includes('\n') ? undefined : record.raw;
  return { doc: { index: names.events(event.event?.dataset, time), id, doc: event, ...(source !== undefined ? { source } : {}) } };
}

// A top-level function, not a closure made per record (every record the indexer reads comes here).
function deadLetterOf(record: ConsumedRecord<unknown>, reason: string, errorType: string): { letter: DeadLetter } {
  return {
    letter: {
      // Deterministic: replaying the same Kafka record dead-letters it once.
      id: `${record.topic}-${record.partition}-${record.offset}`,
      reason,
      errorType,
      source: `${record.topic}/${record.partition}/${record.offset}`,
      original: record.raw,
    },
  };
}

/**
 * An event routed by its record headers (core's eventHeaders), its bytes forwarded undecoded. Only
 * a one-line text that is an object at both ends qualifies: anything else is parsed and judged
 * like a record without headers. A text broken inside still reaches OpenSearch, which refuses
 * that one document; the sink dead-letters it with OpenSearch's reason.
 */
function routeByHeaders(record: ConsumedRecord<unknown>, names: IndexNames): { doc: SinkDoc } | undefined {
  const id = record.header?.(EventHeaders.id);
  const ts = record.header?.(EventHeaders.timestamp);
  if (!id || !ts) return undefined;
  // The bytes as fetched: '{' and '}' are single bytes in UTF-8, and no multi-byte character contains 0x0a.
  const bytes = record.rawBytes;
  if (bytes[0] !== 0x7b || bytes[bytes.length - 1] !== 0x7d || bytes.includes(0x0a)) return undefined;
  const time = new Date(ts);
  if (Number.isNaN(time.getTime())) return undefined;
  return { doc: { index: names.events(record.header!(EventHeaders.dataset), time), id, source: bytes } };
}
