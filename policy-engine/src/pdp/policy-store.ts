// Policy set versions in memory: every publish or rollback is a new, frozen version with author,
// timestamp and diff. A version with any problem is rejected as a whole. Persisting is the caller's job.
import { PolicyOptionError, PolicySetInvalidError, PolicyVersionNotFoundError } from './errors';
import { parsePolicySet } from './parse-policies';
import type { PolicySetDiff } from './policy-diff';
import { diffPolicySets } from './policy-diff';
import type { PolicyDefinition, PolicySource } from './policy-types';

/** One published policy set. */
export interface PolicyVersion {
  version: number;
  /** `v<version>`: what decisions carry as policy_version. */
  id: string;
  author: string;
  timestamp: string;
  message: string;
  sources: PolicySource[];
  policies: PolicyDefinition[];
  diff: PolicySetDiff;
  /** Set when this version restores an earlier one. */
  rollbackOf?: number;
}

/** A version without its sources and policies, for listings. */
export type PolicyVersionSummary = Omit<PolicyVersion, 'sources' | 'policies'>;

/** The version history of one policy set. */
export interface PolicyStore {
  /** Validates and publishes the files as the next version; throws PolicySetInvalidError listing every problem. */
  publish(input: { sources: readonly PolicySource[]; author: string; message?: string }): PolicyVersion;
  /** Publishes the policies of an earlier version as the next version. */
  rollback(to: number, author: string, message?: string): PolicyVersion;
  current(): PolicyVersion | undefined;
  /** A version by number; throws PolicyVersionNotFoundError. */
  get(version: number): PolicyVersion;
  /** Every version, oldest first, without sources and policies. */
  history(): PolicyVersionSummary[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Creates a store, optionally restoring a history that was persisted earlier. */
export function createPolicyStore(options: { clock: () => number; history?: readonly PolicyVersion[] }): PolicyStore {
  const { clock } = options;
  const versions: PolicyVersion[] = (options.history ?? []).map((v) => deepFreeze(structuredClone(v)));

  function append(input: Omit<PolicyVersion, 'version' | 'id' | 'timestamp' | 'diff'>): PolicyVersion {
    if (input.author.trim() === '') throw new PolicyOptionError('a policy change needs an author');
    const version = (versions[versions.length - 1]?.version ?? 0) + 1;
    const before = versions[versions.length - 1]?.policies ?? [];
    const v: PolicyVersion = {
      version,
      id: `v${version}`,
      author: input.author,
      timestamp: new Date(clock()).toISOString(),
      message: input.message,
      sources: input.sources,
      policies: input.policies,
      diff: diffPolicySets(before, input.policies),
    };
    if (input.rollbackOf !== undefined) v.rollbackOf = input.rollbackOf;
    versions.push(deepFreeze(v));
    return v;
  }

  function get(version: number): PolicyVersion {
    const v = versions.find((x) => x.version === version);
    if (!v) throw new PolicyVersionNotFoundError(version);
    return v;
  }

  return {
    publish({ sources, author, message = '' }) {
      const parsed = parsePolicySet(sources);
      if (parsed.errors.length) throw new PolicySetInvalidError(parsed.errors);
      const copy = sources.map((s) => ({ file: s.file, text: s.text }));
      return append({ author, message, sources: copy, policies: parsed.policies });
    },
    rollback(to, author, message) {
      const target = get(to);
      return append({
        author,
        message: message ?? `rollback to v${to}`,
        sources: structuredClone(target.sources),
        policies: structuredClone(target.policies),
        rollbackOf: to,
      });
    },
    current: () => versions[versions.length - 1],
    get,
    history: () => versions.map(({ sources: _s, policies: _p, ...summary }) => summary),
  };
}
