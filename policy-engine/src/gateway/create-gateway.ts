import { Agent as HttpsAgent } from 'node:https';
import type { AuthorizeHook, HalongServer, Logger, Metrics, ServerOptions } from '@halong/core/node';
import { createServer } from '@halong/core/node';
import { GatewayError } from './errors';
import type { ForwardContext } from './forward-request';
import { forwardRequest } from './forward-request';
import { GATEWAY_JWKS_PATH } from './identity-claims';
import type { IdentityAssertionSigner } from './identity-signer';
import type { GatewayRoute } from './route-types';

/** Options of `createGateway`. */
export interface GatewayOptions {
  /** The applications behind the gateway, usually from `parseGatewayRoutes`. */
  readonly routes: readonly GatewayRoute[];
  readonly version: string;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /**
   * The PEP, built by the caller with `createPep`: its authorizer calls the PDP directly in one
   * process, or the AuthZEN API across processes. It must set `request.principal` when it allows.
   */
  readonly authorize: AuthorizeHook;
  readonly signer: IdentityAssertionSigner;
  /** TLS for the listener; with `requestCert`, callers may authenticate with a client certificate. */
  readonly https?: ServerOptions['https'];
  /** TLS to https upstreams: the CA that signed them, and a client certificate if they require one. */
  readonly upstreamTls?: { readonly ca?: string | Buffer; readonly cert?: string | Buffer; readonly key?: string | Buffer };
}

// TRACE is left out: it echoes the request, cookies included, back to the caller (cross-site tracing).
const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

function checkRoutes(routes: readonly GatewayRoute[]): void {
  for (const key of ['name', 'prefix'] as const) {
    const values = routes.map((r) => r[key]);
    const twice = values.find((v, i) => values.indexOf(v) !== i);
    // Two routes with one name would share an audience: an assertion for one would open the other.
    if (twice !== undefined) throw new GatewayError('HALONG_GATEWAY_INVALID_OPTION', `two gateway routes have the ${key} ${JSON.stringify(twice)}`);
  }
}

/**
 * Builds (does not start) the identity-aware gateway: for each route a protected catch-all
 * (`prefix` and `prefix/*`, all methods but TRACE) that the PEP decides on `{type, id}` of the
 * route's resource, then forwards to the upstream with a signed `x-halong-identity` assertion.
 * Also serves the assertion keys at `GET /.well-known/halong-gateway-jwks.json` (public).
 */
export function createGateway(options: GatewayOptions): HalongServer {
  checkRoutes(options.routes);
  const app = createServer({
    service: 'gateway',
    version: options.version,
    logger: options.logger,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.https === undefined ? {} : { https: options.https }),
    authorize: options.authorize,
  });
  const httpsAgent = options.upstreamTls === undefined ? undefined : new HttpsAgent({ keepAlive: true, ...options.upstreamTls });
  const ctx: ForwardContext = { signer: options.signer, ...(httpsAgent === undefined ? {} : { httpsAgent }) };
  app.addHook('onClose', async () => httpsAgent?.destroy());

  app.get(GATEWAY_JWKS_PATH, { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(options.signer.jwks()),
  );

  void app.register(async (scope) => {
    // Bodies are streamed to the upstream untouched, never parsed: the payload stream becomes the body.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const route of options.routes) {
      const config = { resource: { type: route.resource.type, id: route.resource.id }, ...(route.action === undefined ? {} : { action: route.action }) };
      for (const url of [route.prefix, `${route.prefix}/*`]) {
        scope.route({ method: METHODS, url, exposeHeadRoute: false, config, handler: (request, reply) => forwardRequest(ctx, route, request, reply) });
      }
    }
  });
  return app;
}
