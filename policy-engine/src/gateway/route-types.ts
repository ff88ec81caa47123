/** One application behind the gateway, as `parseGatewayRoutes` returns it: every default filled in. */
export interface GatewayRoute {
  /** Unique; the `aud` of the identity assertions sent to this upstream. */
  readonly name: string;
  /** Path prefix on the gateway, e.g. `/apps/hr` (no trailing slash). */
  readonly prefix: string;
  /** Base URL of the application, normalized by WHATWG URL, e.g. `http://127.0.0.1:9000/` (may carry a base path). */
  readonly upstream: string;
  /** What the policy decision is about: type `app`, id = the route name unless given. */
  readonly resource: { readonly type: string; readonly id: string };
  /** A fixed action for every request; undefined = from the method (read, create, update, delete). */
  readonly action?: string;
  /** Remove the prefix before forwarding (default true). */
  readonly stripPrefix: boolean;
  /** How long the upstream may take to start answering, and to stay silent afterwards. */
  readonly timeoutMs: number;
  /** Largest request body forwarded. */
  readonly maxBodyBytes: number;
  /** Where the route was defined, for logs. */
  readonly source?: { readonly file: string; readonly line: number };
}

/** Default `timeoutMs` of a route. */
export const DEFAULT_ROUTE_TIMEOUT_MS = 30_000;
/** Longest `timeoutMs` accepted: ten minutes. */
export const MAX_ROUTE_TIMEOUT_MS = 600_000;
/** Default `maxBodyBytes` of a route: 10 MiB, as the API. */
export const DEFAULT_ROUTE_MAX_BODY_BYTES = 10 << 20;
/** Default resource type of a route. */
export const DEFAULT_ROUTE_RESOURCE_TYPE = 'app';
