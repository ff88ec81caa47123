import type { FastifyRequest } from 'fastify';

/**
 * Who may reach a route, declared on the route (`config: { access }`):
 * - `public`: anyone (health, enrolment with a token, trust bundle...).
 * - `loopback`: callers on this machine only (readiness detail, metrics) until the PEP decides.
 * - `protected` (the default): only what the `authorize` hook allows; without one, nothing.
 */
export type RouteAccess = 'public' | 'loopback' | 'protected';

/** Decides a protected request; resolves to a deny reason (string) or null to allow. */
export type AuthorizeHook = (request: FastifyRequest) => Promise<AccessDenied | null>;

export interface AccessDenied {
  status: 401 | 403 | 503;
  message: string;
  /** A more precise code than the status implies (e.g. which credential check failed). */
  code?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * What a protected route acts on, for the policy decision (default: type `route`, id = the
     * route path); `id` names a fixed resource, `idParam` takes it from a route parameter.
     */
    resource?: { type: string; id?: string; idParam?: string };
    /** The action name for the decision (default from the method: read, create, update, delete). */
    action?: string;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(ip: string): boolean {
  return LOOPBACK.test(ip);
}
