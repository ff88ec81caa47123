// Who and what an alert is about, read from the ECS fields of the matched events.
import { isIP } from 'node:net';
import type { Alert } from '@halong/core';
import { encodeGroupKey, readField } from '../correlation/fields';
import type { RuleHit } from '../engine/types';

type EntityKind = keyof Alert['entities'];

/**
 * Where each entity kind is read from. Deliberately short: the subject of the event, not every
 * host or user an event mentions (`observer.*` is the collector, except its SPIFFE id).
 */
export const ENTITY_FIELDS: Readonly<Record<EntityKind, readonly string[]>> = {
  host: ['host.name', 'host.hostname'],
  user: ['user.name', 'user.target.name', 'winlog.event_data.TargetUserName', 'winlog.event_data.SubjectUserName'],
  ip: ['source.ip', 'destination.ip', 'client.ip', 'server.ip', 'host.ip'],
  // A SPIFFE id is a workload or device certificate URI: the collector's, or a peer's in TLS.
  spiffe_id: ['observer.id', 'tls.client.x509.alternative_names', 'tls.server.x509.alternative_names'],
};

/** The fields the runtime must copy into every hit (besides the rule's own) so alerts are complete. */
export const ALERT_CONTEXT_FIELDS: readonly string[] = ['event.dataset', ...Object.values(ENTITY_FIELDS).flat()];

/** Where a plain rule's group key comes from, first present wins. Host first: the events topic is keyed by host. */
export const PLAIN_GROUP_FIELDS: readonly string[] = ['host.name', 'host.hostname', 'user.name', 'source.ip'];

const SPIFFE = /^spiffe:\/\/[^/\s]+\/\S+$/;
// Windows writes `-` for "no user"; `$`-suffixed names are machine accounts, not people.
const NO_USER = new Set(['-', 'SYSTEM', 'LOCAL SERVICE', 'NETWORK SERVICE', 'ANONYMOUS LOGON']);

const VALID: Record<EntityKind, (v: string) => boolean> = {
  host: () => true,
  user: (v) => !NO_USER.has(v.toUpperCase()) && !v.endsWith('$'),
  ip: (v) => isIP(v) !== 0,
  spiffe_id: (v) => SPIFFE.test(v),
};

/** Entity values of one hit, by kind, each value once. */
export function entitiesOf(hit: RuleHit): Alert['entities'] {
  const out: Alert['entities'] = {};
  for (const kind of Object.keys(ENTITY_FIELDS) as EntityKind[]) {
    const values = ENTITY_FIELDS[kind].flatMap((path) => {
      const value = readField(hit.fields, path);
      return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '' && VALID[kind](v));
    });
    if (values.length > 0) out[kind] = [...new Set(values)];
  }
  return out;
}

/** Merge entity lists, each kind bounded (first seen kept). */
export function mergeEntities(into: Alert['entities'], from: Alert['entities'], max: number): void {
  for (const kind of Object.keys(from) as EntityKind[]) {
    const merged = new Set([...(into[kind] ?? []), ...(from[kind] ?? [])]);
    into[kind] = [...merged].slice(0, max);
  }
}

/** The group key of a plain rule's alert: its main entity (`host.name=web-01`), or empty. */
export function plainGroupKey(hit: RuleHit): string {
  for (const field of PLAIN_GROUP_FIELDS) {
    const value = readField(hit.fields, field);
    if (value !== undefined) return encodeGroupKey([field], [value]);
  }
  return '';
}
