// Public API of the AuthZEN layer: the Authorization API 1.0 over the Halong PDP.
export type {
  AuthzenAction,
  AuthzenActionSearchRequest,
  AuthzenCatalog,
  AuthzenEntityQuery,
  AuthzenEvaluationsRequest,
  AuthzenEvaluationsResponse,
  AuthzenMetadata,
  AuthzenPageRequest,
  AuthzenPageResponse,
  AuthzenResourceSearchRequest,
  AuthzenSearchResponse,
  AuthzenSubjectSearchRequest,
  EvaluationsSemantic,
} from './authzen-types';
export type { AuthzenErrorCode } from './authzen-errors';
export { AuthzenError, AuthzenErrorCodes } from './authzen-errors';
export { AUTHZEN_LIMITS } from './authzen-schemas';
export { toAuthzenResponse } from './to-authzen-response';
export type { AuthzenEvaluator, AuthzenEvaluatorOptions } from './evaluator';
export type { AuthzenSearches } from './searches';
export { createAuthzenEvaluator } from './evaluator';
export type { MemoryCatalog, MemoryCatalogOptions } from './memory-catalog';
export { createMemoryCatalog } from './memory-catalog';
export type { PolicyLiterals } from './policy-literals';
export { policyLiterals } from './policy-literals';
export { AUTHZEN_PATHS, authzenMetadata } from './metadata';
export type { AuthzenRoutesOptions } from './routes';
export { authzenRoutes } from './routes';
