import type { FastifyRequest } from 'fastify';

/** Who made a request, once a credential proved it. */
export interface Principal {
  type: 'user' | 'collector' | 'device' | 'service';
  id: string;
  properties: Record<string, unknown>;
}

/** The client certificate presented on the TLS connection, if any. */
export interface PresentedCertificate {
  /** DER of the leaf first, then any intermediates the client sent. */
  chain: Buffer[];
  /** RFC 8705 `x5t#S256`: base64url SHA-256 of the leaf's DER. */
  thumbprint: string;
}

/** Proves a certificate: resolves to a principal or a reason it is refused. */
export type VerifyCertificate = (certificate: PresentedCertificate) => Promise<CredentialResult>;

/** Proves a bearer token, bound to the presented certificate when the token says so. */
export type VerifyBearer = (token: string, certificate: PresentedCertificate | undefined) => Promise<CredentialResult>;

export type CredentialResult = { ok: true; principal: Principal } | { ok: false; code: string; reason: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the PEP once a request is authenticated and allowed. */
    principal?: Principal;
  }
}

export type { FastifyRequest };
