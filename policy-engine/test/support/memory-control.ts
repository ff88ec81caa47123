// An in-memory stand-in for the Kafka control channel: same get/list/until semantics, and
// listeners hear every set and remove (as every process does once Kafka delivers them).
import type { ControlKind, ControlRecord } from '@halong/core';
import { controlKey } from '@halong/core';
import type { ControlView } from '../../src/service/control-state';

export interface MemoryControl extends ControlView {
  readonly sets: ControlRecord[];
  failNextSet?: Error;
}

export function createMemoryControl(clock: () => Date = () => new Date()): MemoryControl {
  const records = new Map<string, ControlRecord>();
  const listeners: ((kind: ControlKind, id: string, record: ControlRecord | undefined) => void)[] = [];
  const live = (r: ControlRecord | undefined, now: Date) => (r && (!r.until || Date.parse(r.until) > now.getTime()) ? r : undefined);
  const control: MemoryControl = {
    sets: [],
    get: <T>(kind: ControlKind, id: string, now = clock()) => live(records.get(controlKey(kind, id)), now) as ControlRecord<T> | undefined,
    list: <T>(kind: ControlKind, now = clock()) => [...records.values()].filter((r) => r.kind === kind && live(r, now)) as ControlRecord<T>[],
    async set(record) {
      if (control.failNextSet) {
        const err = control.failNextSet;
        delete control.failNextSet;
        throw err;
      }
      const copy = structuredClone(record) as ControlRecord;
      records.set(controlKey(record.kind, record.id), copy);
      control.sets.push(copy);
      for (const l of listeners) l(record.kind, record.id, copy);
    },
    async remove(kind, id) {
      records.delete(controlKey(kind, id));
      for (const l of listeners) l(kind, id, undefined);
    },
    onChange: (listener) => void listeners.push(listener),
  };
  return control;
}
