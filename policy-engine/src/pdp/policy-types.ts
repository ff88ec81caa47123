// The policy language as data: what parsePolicies produces and createPdp consumes.
import type { PolicyProblem } from './errors';

/** The kinds of subject Halong knows: a person (JWT) or a workload (SPIFFE certificate). */
export type SubjectKind = 'user' | 'collector' | 'device' | 'service';

/** All subject kinds, in the order the docs list them. */
export const SUBJECT_KINDS: readonly SubjectKind[] = ['user', 'collector', 'device', 'service'];

/**
 * One way a subject can match; every key present must match (all-of), and a list value
 * matches when any of its entries does (any-of). A policy's `subjects` is any-of these.
 */
export interface SubjectMatcher {
  kind?: SubjectKind[];
  /** Glob patterns over the subject id (a SPIFFE id for workloads). */
  id?: string[];
  /** JWT `roles` claim, any-of. */
  roles?: string[];
  /** JWT `groups` claim, any-of. */
  groups?: string[];
  /** Other claims: claim name → accepted values (any-of). */
  claims?: Record<string, string[]>;
  /** Glob patterns over the subject's site (`properties.site`, else the SPIFFE id's site segment). */
  site?: string[];
}

/** One way a resource can match: its type (or `*`), optional id and site globs. */
export interface ResourceMatcher {
  type: string[];
  id?: string[];
  site?: string[];
}

/** Something the PEP must do when it enforces an allow, e.g. `{id: 'step_up_mfa'}`. */
export interface Obligation {
  id: string;
  [key: string]: unknown;
}

/** Where a policy was written. */
export interface PolicySourceRef {
  file: string;
  line: number;
}

/** One validated policy. Plain data: safe to serialise, compare and store. */
export interface PolicyDefinition {
  id: string;
  description: string;
  effect: 'allow' | 'deny';
  /** Higher first in evaluation order and in the reasons; it never lets an allow beat a deny. */
  priority: number;
  subjects: SubjectMatcher[];
  resources: ResourceMatcher[];
  /** Action names, or `*` for every action. */
  actions: string[];
  /** A CEL expression over `subject`, `resource`, `action` and `context` that must be true. */
  condition?: string;
  obligations?: Obligation[];
  /** Text that is safe to show the user the decision is about. */
  reason_user?: string;
  source?: PolicySourceRef;
}

/** The result of parsing one file or a whole set: the policies that are valid, and every problem. */
export interface ParsedPolicies {
  policies: PolicyDefinition[];
  errors: PolicyProblem[];
}

/** One policy file's name and text. */
export interface PolicySource {
  file: string;
  text: string;
}
