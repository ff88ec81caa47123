// The facts of a request that matchers look at, extracted once per decision.
import { PolicyRequestInvalidError } from './errors';
import type { DecisionRequest } from './decision-types';
import type { SubjectKind } from './policy-types';
import { SUBJECT_KINDS } from './policy-types';

/** What subject matchers compare. */
export interface SubjectFacts {
  kind: string;
  id: string;
  roles: readonly string[];
  groups: readonly string[];
  /** `properties.site`, else the site segment of a SPIFFE id, else ''. */
  site: string;
  properties: Record<string, unknown>;
  /** Claim values already converted, per claim name (filled by claimOf). */
  claims: Map<string, readonly string[]>;
}

/** What resource matchers compare. */
export interface ResourceFacts {
  type: string;
  id: string;
  site: string;
}

const SPIFFE = /^spiffe:\/\/[^/]+\/[^/]+\/([^/]+)\/[^/]+$/;

/** The site segment of `spiffe://<trust-domain>/<kind>/<site>/<name>`, or undefined. */
export function spiffeSite(id: string): string | undefined {
  return SPIFFE.exec(id)?.[1];
}

/** A claim value as a list of strings: a string, or the strings of an array. */
export function claimValues(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  const out: string[] = [];
  if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' || typeof x === 'number') out.push(String(x));
  return out;
}

/** Extracts subject facts. */
export function subjectFacts(subject: DecisionRequest['subject']): SubjectFacts {
  const properties = subject.properties ?? {};
  const site = typeof properties['site'] === 'string' ? properties['site'] : spiffeSite(subject.id);
  return {
    kind: subject.type,
    id: subject.id,
    roles: claimValues(properties['roles']),
    groups: claimValues(properties['groups']),
    site: site ?? '',
    properties,
    claims: new Map(),
  };
}

/** The values of one claim of the subject, converted once per decision. */
export function claimOf(f: SubjectFacts, name: string): readonly string[] {
  let values = f.claims.get(name);
  if (values === undefined) f.claims.set(name, (values = claimValues(f.properties[name])));
  return values;
}

/** Extracts resource facts. */
export function resourceFacts(resource: DecisionRequest['resource']): ResourceFacts {
  const site = resource.properties?.['site'];
  return { type: resource.type, id: resource.id, site: typeof site === 'string' ? site : '' };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkEntity(v: unknown, name: string, key: 'type' | 'name'): void {
  if (!isRecord(v)) throw new PolicyRequestInvalidError(`${name} must be an object`);
  for (const k of key === 'type' ? ['type', 'id'] : ['name']) {
    if (typeof v[k] !== 'string' || v[k] === '') throw new PolicyRequestInvalidError(`${name}.${k} must be a non-empty string`);
  }
  if (v['properties'] !== undefined && !isRecord(v['properties'])) {
    throw new PolicyRequestInvalidError(`${name}.properties must be an object`);
  }
}

/** Throws a coded error unless the request has the AuthZEN shape the PDP needs. */
export function checkRequest(request: unknown): asserts request is DecisionRequest {
  if (!isRecord(request)) throw new PolicyRequestInvalidError('a decision request must be an object');
  checkEntity(request['subject'], 'subject', 'type');
  checkEntity(request['resource'], 'resource', 'type');
  checkEntity(request['action'], 'action', 'name');
  const kind = (request['subject'] as { type: string }).type;
  if (!SUBJECT_KINDS.includes(kind as SubjectKind)) {
    throw new PolicyRequestInvalidError(`subject.type must be one of ${SUBJECT_KINDS.join(', ')}, got "${kind}"`);
  }
  if (request['context'] !== undefined && !isRecord(request['context'])) {
    throw new PolicyRequestInvalidError('context must be an object');
  }
}
