// Fleet status travels as events: every collector (central or edge) ships a `halong.fleet` state
// event on its own pipeline every so often, so the status of an edge site reaches the centre the
// way its logs do (through its spool when the link is down) and lands in the events indices the
// console reads (latest per collector.id).
import type { EcsEvent } from '@halong/core';
import { eventId } from '../parse/envelope';

/** Dataset of collector status events. */
export const FLEET_DATASET = 'halong.fleet';

/** What a collector says about itself. */
export interface FleetStatus {
  id: string;
  name?: string;
  site?: string;
  version: string;
  role: 'central' | 'edge';
  inputs: Record<string, number | undefined>;
  /** Events accepted per second since the previous heartbeat. */
  eventsPerSecond: number;
  spool: { records: number; bytes: number };
  counters: Record<string, number>;
}

/** The status event of one heartbeat. */
export function heartbeatEvent(status: FleetStatus, now: number): EcsEvent {
  const at = new Date(now).toISOString();
  return {
    '@timestamp': at,
    event: { id: eventId(`fleet:${status.id}`, now, 'heartbeat', ''), kind: 'state', dataset: FLEET_DATASET, module: 'halong', ingested: at },
    observer: { id: status.id, ...(status.name ? { name: status.name } : {}), type: 'collector' },
    ...(status.site ? { labels: { site: status.site } } : {}),
    collector: {
      id: status.id,
      role: status.role,
      version: status.version,
      inputs: status.inputs,
      events_per_second: Math.round(status.eventsPerSecond * 10) / 10,
      spool: status.spool,
      counters: status.counters,
      last_seen: at,
    },
    message: `collector ${status.name ?? status.id}: ${Math.round(status.eventsPerSecond)} events/s, spool ${status.spool.records} records`,
  };
}
