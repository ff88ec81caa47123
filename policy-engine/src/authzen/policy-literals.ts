// Entities that policies name exactly (ids without glob characters): candidates for searches that
// exist before anyone has asked about them.
import type { AuthzenEntity } from '@halong/core';
import type { PolicyDefinition, SubjectKind } from '../pdp';
import { SUBJECT_KINDS } from '../pdp';

/** What a policy set names literally. */
export interface PolicyLiterals {
  subjects: AuthzenEntity[];
  resources: AuthzenEntity[];
  actions: string[];
}

const isLiteral = (pattern: string): boolean => !/[*?]/.test(pattern);
const SPIFFE_KIND = /^spiffe:\/\/[^/]+\/([^/]+)\//;

// The kind is the matcher's when it names one, else the kind segment of a SPIFFE id; a bare id of
// unknown kind is skipped rather than guessed.
function kindsOf(kinds: readonly SubjectKind[] | undefined, id: string): readonly string[] {
  if (kinds?.length) return kinds;
  const kind = SPIFFE_KIND.exec(id)?.[1];
  return kind !== undefined && SUBJECT_KINDS.includes(kind as SubjectKind) ? [kind] : [];
}

/** Lists the subjects, resources and actions the policies name without globs. */
export function policyLiterals(policies: readonly PolicyDefinition[]): PolicyLiterals {
  const out: PolicyLiterals = { subjects: [], resources: [], actions: [] };
  for (const p of policies) {
    for (const s of p.subjects) {
      for (const id of (s.id ?? []).filter(isLiteral)) for (const type of kindsOf(s.kind, id)) out.subjects.push({ type, id });
    }
    for (const r of p.resources) {
      const sites = (r.site ?? []).filter(isLiteral);
      // One literal site is the resource's site; several cannot all be its own.
      const properties = r.site?.length === 1 && sites.length === 1 ? { site: sites[0] } : undefined;
      for (const type of r.type.filter(isLiteral)) {
        for (const id of (r.id ?? []).filter(isLiteral)) out.resources.push(properties ? { type, id, properties } : { type, id });
      }
    }
    out.actions.push(...p.actions.filter(isLiteral));
  }
  return out;
}
