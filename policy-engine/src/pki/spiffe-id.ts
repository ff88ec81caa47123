import { PkiError } from './errors';

/** The kinds of workload Halong issues identities to. */
export const WORKLOAD_KINDS = ['collector', 'device', 'service'] as const;

/** A kind of workload: a log collector, a device, or a Halong service. */
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The parts of a Halong workload identity below the trust domain. */
export interface WorkloadName {
  readonly kind: WorkloadKind;
  readonly site: string;
  readonly name: string;
}

/** A Halong workload identity: `spiffe://<trustDomain>/<kind>/<site>/<name>`. */
export interface WorkloadIdentity extends WorkloadName {
  readonly trustDomain: string;
}

// SPIFFE allows only these characters; the 63-character bound keeps a segment usable as a DNS
// label and as an X.500 common name (upper bound 64).
const SEGMENT = /^[a-z0-9._-]{1,63}$/;
const TRUST_DOMAIN = /^[a-z0-9._-]{1,255}$/;
const SCHEME = 'spiffe://';
const MAX_ID_LENGTH = 2048;

/** Whether `value` may be a site or name segment of a SPIFFE ID. */
export function isValidSegment(value: string): boolean {
  // "." and ".." are forbidden by the SPIFFE spec: they would be path traversal in a URI.
  return SEGMENT.test(value) && value !== '.' && value !== '..';
}

/** Throws `HALONG_PKI_INVALID_TRUST_DOMAIN` unless `trustDomain` is a valid SPIFFE trust domain. */
export function assertTrustDomain(trustDomain: string): void {
  if (!TRUST_DOMAIN.test(trustDomain)) {
    throw new PkiError('HALONG_PKI_INVALID_TRUST_DOMAIN', `Invalid trust domain ${JSON.stringify(trustDomain)}: use lowercase letters, digits, ".", "-" or "_".`);
  }
}

/** The SPIFFE ID of the trust domain itself, carried by the CA certificates. */
export function trustDomainId(trustDomain: string): string {
  assertTrustDomain(trustDomain);
  return `${SCHEME}${trustDomain}`;
}

/** Formats a workload identity as a SPIFFE ID; throws `HALONG_PKI_INVALID_IDENTITY` on a bad part. */
export function formatSpiffeId(identity: WorkloadIdentity): string {
  assertTrustDomain(identity.trustDomain);
  if (!(WORKLOAD_KINDS as readonly string[]).includes(identity.kind)) {
    throw new PkiError('HALONG_PKI_INVALID_IDENTITY', `Invalid workload kind ${JSON.stringify(identity.kind)}: use ${WORKLOAD_KINDS.join(', ')}.`);
  }
  for (const part of ['site', 'name'] as const) {
    if (!isValidSegment(identity[part])) {
      throw new PkiError(
        'HALONG_PKI_INVALID_IDENTITY',
        `Invalid workload ${part} ${JSON.stringify(identity[part])}: use 1-63 lowercase letters, digits, "-", "_" or ".".`,
      );
    }
  }
  return `${SCHEME}${identity.trustDomain}/${identity.kind}/${identity.site}/${identity.name}`;
}

/**
 * Parses a Halong SPIFFE ID strictly (no percent-encoding, query, fragment, port or user info;
 * exactly kind/site/name). Throws `HALONG_PKI_MALFORMED_SPIFFE_ID` with the reason otherwise.
 */
export function parseSpiffeId(uri: string): WorkloadIdentity {
  const fail = (why: string): never => {
    throw new PkiError('HALONG_PKI_MALFORMED_SPIFFE_ID', `Malformed SPIFFE ID: ${why}.`);
  };
  if (uri.length > MAX_ID_LENGTH) fail('longer than 2048 characters');
  if (!uri.startsWith(SCHEME)) fail('the scheme is not spiffe://');
  const rest = uri.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash);
  if (!TRUST_DOMAIN.test(trustDomain)) fail('the trust domain has characters outside [a-z0-9._-]');
  if (slash === -1) fail('it names a trust domain, not a workload');
  const parts = rest.slice(slash + 1).split('/');
  if (parts.length !== 3) fail('the path is not /<kind>/<site>/<name>');
  const [kind, site, name] = parts as [string, string, string];
  if (!(WORKLOAD_KINDS as readonly string[]).includes(kind)) fail(`unknown workload kind ${JSON.stringify(kind)}`);
  if (!isValidSegment(site)) fail('invalid site segment');
  if (!isValidSegment(name)) fail('invalid name segment');
  return { trustDomain, kind: kind as WorkloadKind, site, name };
}
