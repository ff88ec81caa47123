// What changed between two policy sets: ids added, removed and changed, with a line diff of
// each policy's canonical YAML.
import { stringify } from 'yaml';
import type { DiffLine } from './line-diff';
import { diffLines } from './line-diff';
import type { PolicyDefinition } from './policy-types';

/** One policy's change and its YAML line diff. */
export interface PolicyPatch {
  id: string;
  change: 'added' | 'removed' | 'changed';
  diff: DiffLine[];
}

/** The difference between two policy sets. */
export interface PolicySetDiff {
  added: string[];
  removed: string[];
  changed: string[];
  patches: PolicyPatch[];
}

/** A policy as canonical YAML: fixed key order, no source position, priority only when set. */
export function policyToYaml(p: PolicyDefinition): string {
  const doc: Record<string, unknown> = { id: p.id, description: p.description, effect: p.effect };
  if (p.priority) doc['priority'] = p.priority;
  doc['subjects'] = p.subjects;
  doc['resources'] = p.resources;
  doc['actions'] = p.actions;
  if (p.condition !== undefined) doc['condition'] = p.condition;
  if (p.obligations?.length) doc['obligations'] = p.obligations;
  if (p.reason_user !== undefined) doc['reason_user'] = p.reason_user;
  return stringify(doc, { lineWidth: 0 });
}

function byId(policies: readonly PolicyDefinition[]): Map<string, string> {
  return new Map(policies.map((p) => [p.id, policyToYaml(p)]));
}

/** Diffs two sets by policy id; ids come out sorted. */
export function diffPolicySets(before: readonly PolicyDefinition[], after: readonly PolicyDefinition[]): PolicySetDiff {
  const a = byId(before);
  const b = byId(after);
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: PolicySetDiff = { added: [], removed: [], changed: [], patches: [] };
  for (const id of ids) {
    const was = a.get(id);
    const now = b.get(id);
    if (was === now) continue;
    const change = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
    out[change].push(id);
    out.patches.push({ id, change, diff: diffLines(was ?? '', now ?? '') });
  }
  return out;
}
