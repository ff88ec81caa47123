// An in-memory search catalogue, bounded, fed by decisions (this process's, or the decisions topic)
// and by the literal ids of policies. Entries keep their first-insertion order even when updated,
// so that page offsets stay put while traffic flows; the oldest entry is dropped first when full.
import type { AuthzenEntity, Decision } from '@halong/core';
import type { PolicyDefinition } from '../pdp';
import { PolicyOptionError } from '../pdp';
import type { AuthzenCatalog } from './authzen-types';
import { policyLiterals } from './policy-literals';

/** Bounds of a memory catalogue (entries, oldest dropped first). */
export interface MemoryCatalogOptions {
  /** Default 10,000. */
  maxSubjects?: number;
  /** Default 20,000. */
  maxResources?: number;
  /** Default 1,000. */
  maxActions?: number;
}

/** A catalogue that learns entities as they appear. */
export interface MemoryCatalog extends AuthzenCatalog {
  /** Adds or refreshes a subject (e.g. an identity the CA issued). */
  addSubject(entity: AuthzenEntity): void;
  /** Adds or refreshes a resource. */
  addResource(entity: AuthzenEntity): void;
  addAction(name: string): void;
  /** Learns the subject, resource and action of a decision, with their latest properties. */
  observe(decision: Pick<Decision, 'subject' | 'resource' | 'action'>): void;
  /** Adds what policies name without globs; never overwrites properties learnt from decisions. */
  addPolicies(policies: readonly PolicyDefinition[]): void;
  readonly size: { subjects: number; resources: number; actions: number };
}

interface EntityStore {
  put(entity: AuthzenEntity, overwrite: boolean): void;
  ofType(type: string): Iterable<AuthzenEntity>;
  readonly size: number;
}

function copy(e: AuthzenEntity): AuthzenEntity {
  return e.properties === undefined ? { type: e.type, id: e.id } : { type: e.type, id: e.id, properties: { ...e.properties } };
}

function entityStore(max: number): EntityStore {
  const order = new Map<string, [type: string, id: string]>();
  const byType = new Map<string, Map<string, AuthzenEntity>>();
  return {
    put(entity, overwrite) {
      let ofType = byType.get(entity.type);
      if (ofType?.has(entity.id)) {
        if (overwrite) ofType.set(entity.id, copy(entity));
        return;
      }
      if (!ofType) byType.set(entity.type, (ofType = new Map()));
      ofType.set(entity.id, copy(entity));
      order.set(`${entity.type}\u0000${entity.id}`, [entity.type, entity.id]);
      if (order.size <= max) return;
      const [key, [type, id]] = order.entries().next().value as [string, [string, string]];
      order.delete(key);
      const oldest = byType.get(type)!;
      oldest.delete(id);
      if (oldest.size === 0) byType.delete(type);
    },
    ofType: (type) => byType.get(type)?.values() ?? [],
    get size() {
      return order.size;
    },
  };
}

function checkBound(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new PolicyOptionError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** Creates an empty, bounded catalogue. */
export function createMemoryCatalog(options: MemoryCatalogOptions = {}): MemoryCatalog {
  const subjects = entityStore(checkBound('maxSubjects', options.maxSubjects ?? 10_000));
  const resources = entityStore(checkBound('maxResources', options.maxResources ?? 20_000));
  const maxActions = checkBound('maxActions', options.maxActions ?? 1_000);
  const actions = new Set<string>();

  function addAction(name: string): void {
    if (actions.has(name)) return;
    actions.add(name);
    if (actions.size > maxActions) actions.delete(actions.values().next().value as string);
  }

  return {
    subjects: (type) => subjects.ofType(type),
    resources: (type) => resources.ofType(type),
    actions: () => actions.values(),
    addSubject: (entity) => subjects.put(entity, true),
    addResource: (entity) => resources.put(entity, true),
    addAction,
    observe(decision) {
      subjects.put(decision.subject, true);
      resources.put(decision.resource, true);
      addAction(decision.action.name);
    },
    addPolicies(policies) {
      const literals = policyLiterals(policies);
      for (const s of literals.subjects) subjects.put(s, false);
      for (const r of literals.resources) resources.put(r, false);
      for (const a of literals.actions) addAction(a);
    },
    get size() {
      return { subjects: subjects.size, resources: resources.size, actions: actions.size };
    },
  };
}
