// Index of compiled policies by resource type and action (with `*` buckets); inside each bucket by
// subject key (exact id, SPIFFE prefix, role, group, claim or kind, narrowed by the subject's exact
// site) and by exact resource site, so a decision only examines policies that can apply. Buckets are
// merged once per (type, action) and cached; unknown types and actions share one key (bounded cache).
import type { CompiledPolicy } from './compile-policy';
import type { KeyedList } from './keyed-list';
import { buildKeyedList, selectFrom, selectSite } from './keyed-list';
import type { SubjectFacts } from './request-facts';
import { claimOf } from './request-facts';

const WILD = '*';
const SPIFFE_PARTS = /^spiffe:\/\/([^/]+)\/([^/]+)\/(?:([^/]+)\/)?/;
const UNKNOWN = '\u0000';

/** Candidate lookups over a fixed policy set. */
export interface PolicyIndex {
  /** The index keys of a subject; pass them to candidates and forAction. */
  subjectKeys(s: SubjectFacts): string[];
  /** Policies whose resource type, action, subject key and site can match, in no particular order. */
  candidates(type: string, action: string, keys: readonly string[], site: string): CompiledPolicy[];
  /** Policies of the (type, action) bucket whose resource site can match, whatever their subjects. */
  bucket(type: string, action: string, site: string): CompiledPolicy[];
  /** Policies that name the action (or `*`) for any resource type, whose subject key and site can match. */
  forAction(action: string, keys: readonly string[], site: string): CompiledPolicy[];
}

/** Builds the index; policies are referenced, not copied. */
export function buildIndex(policies: readonly CompiledPolicy[]): PolicyIndex {
  const buckets = new Map<string, Map<string, CompiledPolicy[]>>();
  const actionLists = new Map<string, CompiledPolicy[]>();
  const claimNames = new Set<string>();
  const add = <K>(map: Map<K, CompiledPolicy[]>, key: K, p: CompiledPolicy): void => {
    const list = map.get(key);
    if (!list) map.set(key, [p]);
    else if (list[list.length - 1] !== p) list.push(p);
  };
  for (const p of policies) {
    const actions = p.actions === '*' ? [WILD] : [...p.actions];
    for (const r of p.resources) {
      for (const t of r.types === null ? [WILD] : r.types) {
        let byAction = buckets.get(t);
        if (!byAction) buckets.set(t, (byAction = new Map()));
        for (const a of actions) add(byAction, a, p);
      }
    }
    for (const a of actions) add(actionLists, a, p);
    for (const s of p.def.subjects) for (const name of Object.keys(s.claims ?? {})) claimNames.add(name);
  }
  const knownActions = new Set(actionLists.keys());
  const knownKeys = new Set(policies.flatMap((p) => p.subjectKeys));
  // Base keys that some policy narrows by site: only those get a `@<site>` variant per request.
  const sited = new Set([...knownKeys].filter((k) => k.includes('@')).map((k) => k.slice(0, k.lastIndexOf('@'))));
  const cache = new Map<string, Map<string, KeyedList>>();
  const actionCache = new Map<string, KeyedList>();

  function getBucket(type: string, action: string): KeyedList {
    const t = buckets.has(type) ? type : UNKNOWN;
    const a = knownActions.has(action) ? action : UNKNOWN;
    let byAction = cache.get(t);
    if (!byAction) cache.set(t, (byAction = new Map()));
    let hit = byAction.get(a);
    if (!hit) {
      const exact = buckets.get(t);
      const wild = buckets.get(WILD);
      byAction.set(a, (hit = buildKeyedList([exact?.get(a), exact?.get(WILD), wild?.get(a), wild?.get(WILD)], t)));
    }
    return hit;
  }

  return {
    subjectKeys(s) {
      const keys = ['*', `kind:${s.kind}`, `id:${s.id}`];
      const spiffe = SPIFFE_PARTS.exec(s.id);
      if (spiffe) keys.push(`spiffe:${spiffe[1]}/${spiffe[2]}`);
      if (spiffe?.[3] !== undefined) keys.push(`spiffe:${spiffe[1]}/${spiffe[2]}/${spiffe[3]}`);
      for (const r of s.roles) keys.push(`role:${r}`);
      for (const g of s.groups) keys.push(`group:${g}`);
      for (const name of claimNames) for (const v of claimOf(s, name)) keys.push(`claim:${name}=${v}`);
      const out: string[] = [];
      for (const k of keys) {
        if (knownKeys.has(k)) out.push(k);
        if (s.site !== '' && sited.has(k)) out.push(`${k}@${s.site}`);
      }
      return out;
    },
    candidates: (type, action, keys, site) => selectFrom(getBucket(type, action), keys, site),
    bucket: (type, action, site) => selectSite(getBucket(type, action), site),
    forAction(action, keys, site) {
      const a = knownActions.has(action) ? action : UNKNOWN;
      let hit = actionCache.get(a);
      if (!hit) actionCache.set(a, (hit = buildKeyedList([actionLists.get(a), actionLists.get(WILD)], null)));
      return selectFrom(hit, keys, site);
    },
  };
}
