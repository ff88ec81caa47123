// Public API of the identity-aware gateway: route files, the gateway server, identity assertions.
export type { GatewayErrorCode, GatewayRouteProblem } from './errors';
export { GatewayError, GatewayErrorCodes, GatewayRoutesInvalidError, formatRouteProblem } from './errors';
export type { GatewayRoute } from './route-types';
export { DEFAULT_ROUTE_MAX_BODY_BYTES, DEFAULT_ROUTE_RESOURCE_TYPE, DEFAULT_ROUTE_TIMEOUT_MS, MAX_ROUTE_TIMEOUT_MS } from './route-types';
export { parseGatewayRoutes } from './parse-routes';
export type { GatewayOptions } from './create-gateway';
export { createGateway } from './create-gateway';
export type { IdentityAssertionClaims } from './identity-claims';
export { DEFAULT_ASSERTION_TTL_SECONDS, GATEWAY_JWKS_PATH, IDENTITY_ASSERTION_TYPE, IDENTITY_HEADER, MAX_ASSERTION_TTL_SECONDS } from './identity-claims';
export type { IdentityAssertionInput, IdentityAssertionSigner, IdentityAssertionSignerOptions } from './identity-signer';
export { createIdentityAssertionSigner } from './identity-signer';
export type { VerifiedIdentity, VerifyIdentityAssertionOptions } from './verify-identity-assertion';
export { verifyIdentityAssertion } from './verify-identity-assertion';
