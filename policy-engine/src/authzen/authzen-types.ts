// The AuthZEN messages Halong serves beyond @halong/core's single evaluation. Shapes follow the
// final OpenID AuthZEN Authorization API 1.0 (January 2026, openid.net/specs/authorization-api-1_0-final):
// evaluations with defaults and `options.evaluations_semantic` (§7), search with `page.token`/`limit`
// → `page.next_token`/`count` (§8, the pagination of draft 05 onwards), PDP metadata (§9).
import type { AuthzenEntity, AuthzenEvaluationRequest, AuthzenEvaluationResponse } from '@halong/core';

/** An AuthZEN action: a name and optional attributes. */
export type AuthzenAction = AuthzenEvaluationRequest['action'];

/** How a batch runs: every item, until the first deny (`&&`), or until the first permit (`||`). */
export type EvaluationsSemantic = 'execute_all' | 'deny_on_first_deny' | 'permit_on_first_permit';

/** `POST /access/v1/evaluations`: top-level keys are defaults that each item may override. */
export interface AuthzenEvaluationsRequest {
  subject?: AuthzenEntity;
  resource?: AuthzenEntity;
  action?: AuthzenAction;
  context?: Record<string, unknown>;
  evaluations?: Partial<AuthzenEvaluationRequest>[];
  options?: { evaluations_semantic?: EvaluationsSemantic; [key: string]: unknown };
}

/** `POST /access/v1/evaluations` response: one decision per evaluated item, in request order. */
export interface AuthzenEvaluationsResponse {
  evaluations: AuthzenEvaluationResponse[];
}

/** The `page` object of a search request. */
export interface AuthzenPageRequest {
  /** The `next_token` of the previous page. */
  token?: string;
  /** Most results wanted; the PDP may return fewer. */
  limit?: number;
  properties?: Record<string, unknown>;
}

/** The `page` object of a search response; `next_token` is empty on the last page. */
export interface AuthzenPageResponse {
  next_token: string;
  count?: number;
  total?: number;
  properties?: Record<string, unknown>;
}

/** A subject or resource being searched for: the type is required, an id is ignored. */
export interface AuthzenEntityQuery {
  type: string;
  id?: string;
  properties?: Record<string, unknown>;
}

/** `POST /access/v1/search/subject`: which subjects of `subject.type` may do `action` on `resource`. */
export interface AuthzenSubjectSearchRequest {
  subject: AuthzenEntityQuery;
  action: AuthzenAction;
  resource: AuthzenEntity;
  context?: Record<string, unknown>;
  page?: AuthzenPageRequest;
}

/** `POST /access/v1/search/resource`: which resources of `resource.type` `subject` may `action`. */
export interface AuthzenResourceSearchRequest {
  subject: AuthzenEntity;
  action: AuthzenAction;
  resource: AuthzenEntityQuery;
  context?: Record<string, unknown>;
  page?: AuthzenPageRequest;
}

/** `POST /access/v1/search/action`: which actions `subject` may perform on `resource`. */
export interface AuthzenActionSearchRequest {
  subject: AuthzenEntity;
  resource: AuthzenEntity;
  context?: Record<string, unknown>;
  page?: AuthzenPageRequest;
}

/** Every search response: a page, an optional context and the allowed entities. */
export interface AuthzenSearchResponse<T> {
  page?: AuthzenPageResponse;
  context?: Record<string, unknown>;
  results: T[];
}

/** `GET /.well-known/authzen-configuration`; absent search endpoints mean "not supported". */
export interface AuthzenMetadata {
  policy_decision_point: string;
  access_evaluation_endpoint: string;
  access_evaluations_endpoint?: string;
  search_subject_endpoint?: string;
  search_resource_endpoint?: string;
  search_action_endpoint?: string;
}

/**
 * What searches run over. The PDP matches ids with globs and cannot list them, so the caller
 * supplies known entities (identities the CA issued, resources seen in decisions, …); each
 * candidate is decided by the PDP and only the allowed ones are returned.
 */
export interface AuthzenCatalog {
  /** Known subjects of one type, in a stable order (pages are offsets into it). */
  subjects(type: string): Iterable<AuthzenEntity>;
  /** Known resources of one type, in a stable order. */
  resources(type: string): Iterable<AuthzenEntity>;
  /** Known action names, in a stable order. */
  actions(): Iterable<string>;
}
