// The three Search APIs over a caller's catalogue: every candidate is decided by the PDP (one
// policy version per page) and only allowed ones are returned. Candidate decisions are not logged
// as access decisions: nobody asked for access, and a page may decide thousands.
import type { AuthzenEntity } from '@halong/core';
import type { DecisionRequest, Pdp, SubjectKind } from '../pdp';
import { PolicyRequestInvalidError, SUBJECT_KINDS } from '../pdp';
import { AuthzenError } from './authzen-errors';
import { ActionSearchRequestSchema, ResourceSearchRequestSchema, SubjectSearchRequestSchema } from './authzen-schemas';
import type {
  AuthzenActionSearchRequest,
  AuthzenCatalog,
  AuthzenResourceSearchRequest,
  AuthzenSearchResponse,
  AuthzenSubjectSearchRequest,
} from './authzen-types';
import { assertValid, compileCheck } from './check-request';
import { searchPage } from './search-page';

const checkSubjectSearch = compileCheck(SubjectSearchRequestSchema);
const checkResourceSearch = compileCheck(ResourceSearchRequestSchema);
const checkActionSearch = compileCheck(ActionSearchRequestSchema);

/** The search half of the evaluator. */
export interface AuthzenSearches {
  /** Catalogue subjects of `subject.type` allowed to do `action` on `resource`. */
  searchSubjects(request: AuthzenSubjectSearchRequest): AuthzenSearchResponse<{ type: string; id: string }>;
  /** Catalogue resources of `resource.type` on which `subject` may do `action`. */
  searchResources(request: AuthzenResourceSearchRequest): AuthzenSearchResponse<{ type: string; id: string }>;
  /** Catalogue actions `subject` may perform on `resource`. */
  searchActions(request: AuthzenActionSearchRequest): AuthzenSearchResponse<{ name: string }>;
}

function assertSubjectKind(type: string): void {
  if (!SUBJECT_KINDS.includes(type as SubjectKind)) {
    throw new AuthzenError('HALONG_AUTHZEN_INVALID_REQUEST', `subject.type must be one of ${SUBJECT_KINDS.join(', ')}, got "${type}"`);
  }
}

// A custom catalogue may hand back other types; they are not what was asked for.
function* ofType(entities: Iterable<AuthzenEntity>, type: string): Iterable<AuthzenEntity> {
  for (const e of entities) if (e.type === type) yield e;
}

function allowedBy(pdp: Pdp): (request: DecisionRequest) => boolean {
  return (request) => {
    try {
      return pdp.decide(request).decision;
    } catch (err) {
      // A catalogue entry the PDP cannot judge is simply not a result.
      if (err instanceof PolicyRequestInvalidError) return false;
      throw err;
    }
  };
}

const entityResult = (e: AuthzenEntity): { type: string; id: string } => ({ type: e.type, id: e.id });

/** Builds the searches; without a catalogue each one throws HALONG_AUTHZEN_SEARCH_UNAVAILABLE. */
export function createSearches(pdp: () => Pdp, catalog: AuthzenCatalog | undefined, maxScan: number): AuthzenSearches {
  function catalogue(): AuthzenCatalog {
    if (!catalog) throw new AuthzenError('HALONG_AUTHZEN_SEARCH_UNAVAILABLE');
    return catalog;
  }

  return {
    searchSubjects(request) {
      assertValid(checkSubjectSearch, request);
      assertSubjectKind(request.subject.type);
      const { action, resource, context } = request;
      const current = pdp();
      const allowed = allowedBy(current);
      return searchPage({
        kind: 'subject',
        request,
        candidates: ofType(catalogue().subjects(request.subject.type), request.subject.type),
        allowed: (subject) => allowed({ subject, action, resource, context } as DecisionRequest),
        toResult: entityResult,
        maxScan,
        policyVersion: current.version,
      });
    },

    searchResources(request) {
      assertValid(checkResourceSearch, request);
      assertSubjectKind(request.subject.type);
      const { subject, action, context } = request;
      const current = pdp();
      const allowed = allowedBy(current);
      return searchPage({
        kind: 'resource',
        request,
        candidates: ofType(catalogue().resources(request.resource.type), request.resource.type),
        allowed: (resource) => allowed({ subject, action, resource, context } as DecisionRequest),
        toResult: entityResult,
        maxScan,
        policyVersion: current.version,
      });
    },

    searchActions(request) {
      assertValid(checkActionSearch, request);
      assertSubjectKind(request.subject.type);
      const { subject, resource, context } = request;
      const current = pdp();
      const allowed = allowedBy(current);
      return searchPage({
        kind: 'action',
        request,
        candidates: catalogue().actions(),
        allowed: (name) => allowed({ subject, action: { name }, resource, context } as DecisionRequest),
        toResult: (name) => ({ name }),
        maxScan,
        policyVersion: current.version,
      });
    },
  };
}
