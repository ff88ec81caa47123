import type { FastifyRequest } from 'fastify';
import type { AuthzenEvaluationRequest } from '../../authzen';
import type { AccessDenied, AuthorizeHook } from '../server/access';
import type { Authorizer } from './authorizer';
import type { CredentialResult, Principal, VerifyBearer, VerifyCertificate } from './principal';
import { readBearer, readClientCertificate } from './read-credentials';

export interface PepOptions {
  authorizer: Authorizer;
  verifyCertificate?: VerifyCertificate;
  verifyBearer?: VerifyBearer;
  /** Called once per decided request (allowed or denied), e.g. to count or log. */
  onDecision?: (event: { request: FastifyRequest; evaluation?: AuthzenEvaluationRequest; allowed: boolean; reason: string }) => void;
  clock?: () => Date;
}

const METHOD_ACTIONS: Record<string, string> = { GET: 'read', HEAD: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/**
 * The policy enforcement point for a Halong server (plug it into `createServer({ authorize })`):
 * authenticates the request (client certificate and/or bearer token), then asks the
 * Authorizer for a decision on the route's resource and action. 401 when no credential
 * proves who is asking, 403 when the decision is deny, 503 when no decision can be had.
 */
export function createPep(options: PepOptions): AuthorizeHook {
  const clock = options.clock ?? (() => new Date());
  return async (request) => {
    const done = (allowed: boolean, reason: string, evaluation?: AuthzenEvaluationRequest) =>
      options.onDecision?.({ request, allowed, reason, ...(evaluation ? { evaluation } : {}) });

    const authn = await authenticate(request, options);
    if (!authn.ok) {
      done(false, authn.reason);
      return { status: 401, code: authn.code, message: authn.reason } satisfies AccessDenied;
    }
    const evaluation = evaluationFor(request, authn.principal, clock());
    let decision;
    try {
      decision = await options.authorizer.evaluate(evaluation);
    } catch (err) {
      done(false, `no decision: ${(err as Error).message}`, evaluation);
      return { status: 503, message: 'The policy decision point cannot be reached; access is denied.' } satisfies AccessDenied;
    }
    if (!decision.decision) {
      const reason = decision.context?.reason_user?.en ?? 'Access denied by policy.';
      done(false, decision.context?.reason_admin?.en ?? reason, evaluation);
      return { status: 403, message: reason } satisfies AccessDenied;
    }
    request.principal = authn.principal;
    done(true, decision.context?.reason_admin?.en ?? 'allowed', evaluation);
    return null;
  };
}

async function authenticate(request: FastifyRequest, options: PepOptions): Promise<CredentialResult> {
  const certificate = readClientCertificate(request);
  const bearer = readBearer(request);
  if (bearer === null) return { ok: false, code: 'HALONG_AUTH_MALFORMED_AUTHORIZATION', reason: 'The Authorization header is not a bearer token.' };
  if (certificate && !options.verifyCertificate) {
    return { ok: false, code: 'HALONG_AUTH_UNAUTHENTICATED', reason: 'Client certificates are not accepted here.' };
  }
  // A presented certificate is always checked, even when a token names the caller: a revoked
  // or foreign certificate must not ride along with a valid token.
  const byCert = certificate ? await options.verifyCertificate!(certificate) : undefined;
  if (byCert && !byCert.ok) return byCert;
  if (bearer !== undefined) {
    if (!options.verifyBearer) return { ok: false, code: 'HALONG_AUTH_UNAUTHENTICATED', reason: 'Bearer tokens are not accepted here.' };
    return options.verifyBearer(bearer, certificate);
  }
  if (byCert) return byCert;
  return { ok: false, code: 'HALONG_AUTH_UNAUTHENTICATED', reason: 'A client certificate or a bearer token is required.' };
}

function evaluationFor(request: FastifyRequest, principal: Principal, now: Date): AuthzenEvaluationRequest {
  const config = request.routeOptions.config;
  const params = (request.params ?? {}) as Record<string, string>;
  const resourceType = config.resource?.type ?? 'route';
  const resourceId = config.resource?.id ?? (config.resource?.idParam ? (params[config.resource.idParam] ?? '') : (request.routeOptions.url ?? request.url));
  return {
    subject: { type: principal.type, id: principal.id, properties: principal.properties },
    resource: { type: resourceType, id: resourceId },
    action: { name: config.action ?? METHOD_ACTIONS[request.method] ?? request.method.toLowerCase() },
    context: { ip: request.ip, method: request.method, path: request.routeOptions.url, request_id: request.id, time: now.toISOString() },
  };
}
