import type { AuthzenEvaluationRequest, AuthzenEvaluationResponse } from '@halong/core';
import type { AuthorizeHook, Authorizer, CredentialResult, HalongServer } from '@halong/core/node';
import { createLogger, createMetrics, createPep } from '@halong/core/node';
import { createGateway } from '../../../src/gateway/create-gateway';
import type { GatewayOptions } from '../../../src/gateway/create-gateway';
import type { IdentityAssertionSigner } from '../../../src/gateway/identity-signer';
import { createIdentityAssertionSigner } from '../../../src/gateway/identity-signer';
import { parseGatewayRoutes } from '../../../src/gateway/parse-routes';
import type { SigningKey } from '../../../src/tokens/signing-key';
import { generateSigningKey } from '../../../src/tokens/signing-key';

/** The frozen "now" of the gateway tests, in ms. */
export const NOW_MS = Date.parse('2026-11-23T08:00:00.000Z');
export const ISSUER = 'spiffe://halong.local/service/core/gateway';

/** Bearer tokens the fake verifier knows: alice may use HR, bob may not. */
export const PEOPLE: Record<string, CredentialResult> = {
  alice: { ok: true, principal: { type: 'user', id: 'alice', properties: { roles: ['hr-staff'], groups: ['so-noi-vu'], site: 'hue', email: 'alice@hue.gov.vn' } } },
  bob: { ok: true, principal: { type: 'user', id: 'bob', properties: { roles: ['guest'] } } },
};

/** Allows whoever has the role `hr-staff`; records every question. */
export function rolesAuthorizer(asked: AuthzenEvaluationRequest[]): Authorizer {
  return {
    evaluate: async (request): Promise<AuthzenEvaluationResponse> => {
      asked.push(request);
      const roles = request.subject.properties?.['roles'];
      return Array.isArray(roles) && roles.includes('hr-staff')
        ? { decision: true }
        : { decision: false, context: { reason_user: { en: 'Only HR staff may use this application.' } } };
    },
  };
}

/** A route file with one route to `upstream` under /apps/hr (plus any extra YAML). */
export function hrRoutes(upstream: string, extra = ''): string {
  return `- name: hr\n  prefix: /apps/hr\n  upstream: ${upstream}\n${extra}`;
}

let sharedKey: Promise<SigningKey> | undefined;
/** One ES256 key for the whole test file (key generation is the slow part). */
export const signingKey = (): Promise<SigningKey> => (sharedKey ??= generateSigningKey('ES256'));

/** A gateway in front of the given routes, with a bearer-token PEP and a frozen clock. */
export interface TestGateway {
  readonly app: HalongServer;
  readonly signer: IdentityAssertionSigner;
  readonly asked: AuthzenEvaluationRequest[];
}

export async function testGateway(routesYaml: string, options: { authorize?: AuthorizeHook; authorizer?: Authorizer } & Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const asked: AuthzenEvaluationRequest[] = [];
  const signer = createIdentityAssertionSigner({ issuer: ISSUER, keys: await signingKey(), clock: () => NOW_MS });
  const authorize =
    options.authorize ??
    createPep({
      authorizer: options.authorizer ?? rolesAuthorizer(asked),
      verifyBearer: async (token) => PEOPLE[token] ?? { ok: false, code: 'HALONG_TOKEN_INVALID', reason: 'Unknown token.' },
      clock: () => new Date(NOW_MS),
    });
  const app = createGateway({
    routes: parseGatewayRoutes(routesYaml, 'routes.yaml'),
    version: 'test',
    logger: createLogger('gateway-test', 'silent'),
    metrics: createMetrics({ defaultMetrics: false }),
    signer,
    ...options,
    authorize,
  });
  return { app, signer, asked };
}
