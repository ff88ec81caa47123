// Credential checks the PEP plugs in: client certificates against the Halong CA and the live
// denylist, bearer tokens against the verifier of the issuer they name.
import { X509Certificate } from 'node:crypto';
import type { CredentialResult, PresentedCertificate, Principal, VerifyBearer, VerifyCertificate } from '@halong/core/node';
import type { Denylist } from '../pki/denylist';
import type { TrustBundle } from '../pki/trust-bundle';
import { verifyClientCertificate } from '../pki/verify-client-certificate';
import type { TokenVerifier } from '../tokens/verifier';

export interface CertificateVerifierOptions {
  trustBundle: () => TrustBundle;
  trustDomain: string;
  denylist: Denylist;
  clock: () => Date;
}

function parseChain(chain: readonly Buffer[]): X509Certificate[] | undefined {
  try {
    return chain.map((der) => new X509Certificate(der));
  } catch {
    return undefined;
  }
}

/**
 * Proves a workload by its client certificate. The principal's `host` is the certificate's
 * name segment: by convention a collector or device is named after its host, so an alert on
 * that host raises the risk of its identity too.
 */
export function createCertificateVerifier(options: CertificateVerifierOptions): VerifyCertificate {
  return async (presented: PresentedCertificate): Promise<CredentialResult> => {
    const parsed = parseChain(presented.chain);
    if (!parsed || parsed.length === 0) return { ok: false, code: 'HALONG_PKI_NO_CERTIFICATE', reason: 'The client certificate cannot be parsed.' };
    const [leaf, ...intermediates] = parsed;
    const v = verifyClientCertificate(
      { leaf, intermediates },
      { trustBundle: options.trustBundle(), trustDomain: options.trustDomain, now: options.clock(), denylist: options.denylist },
    );
    if (!v.ok) return { ok: false, code: v.code, reason: v.reason };
    const principal: Principal = {
      type: v.kind,
      id: v.spiffeId,
      properties: { site: v.site, name: v.name, host: v.name, serial: v.serial, x5t: v.fingerprintSha256, auth: 'mtls' },
    };
    return { ok: true, principal };
  };
}

const MAX_TOKEN_LENGTH = 16 * 1024;

function unverifiedIssuer(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload || token.length > MAX_TOKEN_LENGTH) return undefined;
  try {
    const iss = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Proves a person (or service) by bearer token. The unverified `iss` only picks which verifier
 * runs; that verifier then checks `iss` again with the signature, so naming another issuer
 * cannot widen what is accepted.
 */
export function createBearerVerifier(verifiers: readonly TokenVerifier[]): VerifyBearer {
  const byIssuer = new Map(verifiers.map((v) => [v.issuer, v]));
  return async (token, certificate) => {
    const iss = unverifiedIssuer(token);
    const verifier = iss === undefined ? undefined : byIssuer.get(iss);
    if (!verifier) return { ok: false, code: 'HALONG_TOKEN_ISSUER', reason: 'The token is malformed or from an issuer Halong does not trust.' };
    const v = await verifier.verify(token, certificate ? { certificateThumbprint: certificate.thumbprint } : {});
    if (!v.ok) return { ok: false, code: v.code, reason: v.reason };
    const properties: Record<string, unknown> = { roles: [...v.roles], groups: [...v.groups], iss: verifier.issuer, auth: 'bearer' };
    if (v.site !== undefined) properties['site'] = v.site;
    if (v.jti !== undefined) properties['jti'] = v.jti;
    return { ok: true, principal: { type: 'user', id: v.subject, properties } };
  };
}
