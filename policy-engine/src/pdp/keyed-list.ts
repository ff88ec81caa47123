// A list of policies split by subject key and then by exact resource site, so a lookup returns only
// policies whose subject key the request has and whose site (if they name exact sites) is the resource's.
import type { CompiledPolicy } from './compile-policy';
import { isGlob } from './glob';

interface SiteSplit {
  any: CompiledPolicy[];
  bySite: Map<string, CompiledPolicy[]>;
}

/** Policies by priority, by resource site, and by subject key and resource site. */
export interface KeyedList {
  all: CompiledPolicy[];
  sites: SiteSplit;
  byKey: Map<string, SiteSplit>;
}

/** Orders policies by priority (highest first), then by their place in the set. */
export function byPriority(a: CompiledPolicy, b: CompiledPolicy): number {
  return b.priority - a.priority || a.order - b.order;
}

/** The exact resource sites a policy is limited to for a type (null type: any type), or null for any site. */
export function resourceSites(p: CompiledPolicy, type: string | null): string[] | null {
  const sites = new Set<string>();
  for (const m of p.resources) {
    if (type !== null && m.types !== null && !m.types.has(type)) continue;
    if (m.sites === null || m.sites.patterns.some(isGlob)) return null;
    for (const s of m.sites.patterns) sites.add(s);
  }
  return [...sites];
}

function push<K>(map: Map<K, CompiledPolicy[]>, key: K, p: CompiledPolicy): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

/** Builds a keyed list from several lists (duplicates removed) for one resource type (or null). */
export function buildKeyedList(lists: (readonly CompiledPolicy[] | undefined)[], type: string | null): KeyedList {
  const all = [...new Set(lists.flatMap((l) => l ?? []))].sort(byPriority);
  const byKey = new Map<string, SiteSplit>();
  const bySites: SiteSplit = { any: [], bySite: new Map() };
  for (const p of all) {
    const sites = resourceSites(p, type);
    if (sites === null) bySites.any.push(p);
    else for (const s of sites) push(bySites.bySite, s, p);
    for (const k of p.subjectKeys) {
      let split = byKey.get(k);
      if (!split) byKey.set(k, (split = { any: [], bySite: new Map() }));
      if (sites === null) split.any.push(p);
      else for (const s of sites) push(split.bySite, s, p);
    }
  }
  return { all, sites: bySites, byKey };
}

let mark = 0;

function take(out: CompiledPolicy[], list: readonly CompiledPolicy[] | undefined): void {
  if (list === undefined) return;
  for (let j = 0; j < list.length; j++) {
    const p = list[j]!;
    if (p.mark !== mark) {
      p.mark = mark;
      out.push(p);
    }
  }
}

function takeSplit(out: CompiledPolicy[], split: SiteSplit | undefined, site: string): void {
  if (split === undefined) return;
  take(out, split.any);
  if (site !== '') take(out, split.bySite.get(site));
}

/** The policies under any of the keys that can match a resource at `site`, each once. */
export function selectFrom(list: KeyedList, keys: readonly string[], site: string): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  mark++;
  for (let i = 0; i < keys.length; i++) takeSplit(out, list.byKey.get(keys[i]!), site);
  return out;
}

/** The policies that can match a resource at `site`, whatever their subjects. */
export function selectSite(list: KeyedList, site: string): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  mark++;
  takeSplit(out, list.sites, site);
  return out;
}
