// PDP metadata (§9): where each endpoint is, so a PEP never assembles paths by hand.
import type { AuthzenMetadata } from './authzen-types';

/** The default paths of the HTTPS binding (§10.1). */
export const AUTHZEN_PATHS = {
  evaluation: '/access/v1/evaluation',
  evaluations: '/access/v1/evaluations',
  searchSubject: '/access/v1/search/subject',
  searchResource: '/access/v1/search/resource',
  searchAction: '/access/v1/search/action',
  metadata: '/.well-known/authzen-configuration',
} as const;

/** The metadata document for a PDP at `baseUrl`; search endpoints only when searches can answer. */
export function authzenMetadata(baseUrl: string, searchable: boolean): AuthzenMetadata {
  const root = baseUrl.replace(/\/+$/, '');
  const metadata: AuthzenMetadata = {
    policy_decision_point: root,
    access_evaluation_endpoint: root + AUTHZEN_PATHS.evaluation,
    access_evaluations_endpoint: root + AUTHZEN_PATHS.evaluations,
  };
  // An absent endpoint is how the spec says "not supported".
  if (searchable) {
    metadata.search_subject_endpoint = root + AUTHZEN_PATHS.searchSubject;
    metadata.search_resource_endpoint = root + AUTHZEN_PATHS.searchResource;
    metadata.search_action_endpoint = root + AUTHZEN_PATHS.searchAction;
  }
  return metadata;
}
