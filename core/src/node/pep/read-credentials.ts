import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { certificateThumbprint } from './certificate-thumbprint';
import type { PresentedCertificate } from './principal';

/** The bearer token of the Authorization header; `undefined` when absent, `null` when malformed. */
export function readBearer(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
  return m ? m[1]! : null;
}

/** The client certificate chain of a TLS connection (none on plain HTTP or when not sent). */
export function readClientCertificate(request: FastifyRequest): PresentedCertificate | undefined {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const leaf = socket.getPeerCertificate(true);
  if (!leaf || !leaf.raw) return undefined;
  const chain: Buffer[] = [leaf.raw];
  // Walk the chain the client sent; a self-issued certificate points at itself.
  for (let cert = leaf.issuerCertificate; cert && cert.raw && !chain.some((d) => d.equals(cert!.raw)); cert = cert.issuerCertificate) {
    chain.push(cert.raw);
  }
  return { chain, thumbprint: certificateThumbprint(leaf.raw) };
}
