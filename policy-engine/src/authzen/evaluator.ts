// The AuthZEN evaluator: validates requests, asks the current PDP, stamps and reports each decision,
// and answers in AuthZEN's shapes. Pure: no I/O; the caller logs decisions and serves HTTP.
import { randomUUID } from 'node:crypto';
import type { AuthzenEvaluationRequest, AuthzenEvaluationResponse, Decision } from '@halong/core';
import type { DecisionRequest, Pdp } from '../pdp';
import { PolicyRequestInvalidError } from '../pdp';
import { AuthzenError } from './authzen-errors';
import { AUTHZEN_LIMITS, EvaluationRequestSchema, EvaluationsRequestSchema } from './authzen-schemas';
import type { AuthzenCatalog, AuthzenEvaluationsRequest, AuthzenEvaluationsResponse, EvaluationsSemantic } from './authzen-types';
import { assertValid, compileCheck } from './check-request';
import type { AuthzenSearches } from './searches';
import { createSearches } from './searches';
import { toAuthzenResponse } from './to-authzen-response';

/** What the evaluator needs. */
export interface AuthzenEvaluatorOptions {
  /** The PDP of the current policy set version; a getter because new versions replace it at runtime. */
  pdp: () => Pdp;
  /** Epoch milliseconds for `@timestamp`; give it the PDP's clock. */
  clock: () => number;
  /** Receives every access decision, complete, e.g. to publish it to the decisions topic. Must not throw. */
  onDecision?: (decision: Decision) => void;
  /** Decision ids; random UUIDs unless told. */
  newId?: () => string;
  /** What searches run over; without it the search APIs are unavailable. */
  catalog?: AuthzenCatalog;
  /** Catalogue candidates one search page may decide (default {@link AUTHZEN_LIMITS}.maxScan). */
  maxScan?: number;
}

/** The AuthZEN Access Evaluation(s) and Search APIs over the Halong PDP. */
export interface AuthzenEvaluator extends AuthzenSearches {
  /** True when a catalogue was given, so the search APIs can answer. */
  readonly searchable: boolean;
  /** One decision; throws AuthzenError HALONG_AUTHZEN_INVALID_REQUEST on a malformed request. */
  evaluate(request: AuthzenEvaluationRequest): AuthzenEvaluationResponse;
  /** A batch with defaults and a semantic; a request without items is a single evaluation (§7.1). */
  evaluations(request: AuthzenEvaluationsRequest): AuthzenEvaluationsResponse | AuthzenEvaluationResponse;
}

const checkEvaluation = compileCheck(EvaluationRequestSchema);
const checkEvaluations = compileCheck(EvaluationsRequestSchema);
const REQUIRED = ['subject', 'resource', 'action'] as const;

// Item keys override the top-level defaults as a whole (the spec does not merge objects).
function withDefaults(defaults: AuthzenEvaluationsRequest, item: Partial<AuthzenEvaluationRequest>, where: string): AuthzenEvaluationRequest {
  const merged: Partial<AuthzenEvaluationRequest> = {
    subject: item.subject ?? defaults.subject,
    resource: item.resource ?? defaults.resource,
    action: item.action ?? defaults.action,
  };
  const context = item.context ?? defaults.context;
  if (context !== undefined) merged.context = context;
  for (const key of REQUIRED) {
    if (merged[key] === undefined) {
      throw new AuthzenError('HALONG_AUTHZEN_INVALID_REQUEST', `${where}${key} is required (in the item or as a top-level default)`);
    }
  }
  return merged as AuthzenEvaluationRequest;
}

function stops(semantic: EvaluationsSemantic, decision: boolean): boolean {
  return semantic === 'deny_on_first_deny' ? !decision : semantic === 'permit_on_first_permit' && decision;
}

/** Builds an evaluator. Nothing here performs I/O; `onDecision` is the caller's hook for that. */
export function createAuthzenEvaluator(options: AuthzenEvaluatorOptions): AuthzenEvaluator {
  const newId = options.newId ?? randomUUID;

  function decide(pdp: Pdp, request: AuthzenEvaluationRequest): AuthzenEvaluationResponse {
    const decision = pdp.decide(request as DecisionRequest);
    const id = newId();
    options.onDecision?.({ id, '@timestamp': new Date(options.clock()).toISOString(), ...decision });
    return toAuthzenResponse(decision, id);
  }

  function decideOrThrow(pdp: Pdp, request: AuthzenEvaluationRequest): AuthzenEvaluationResponse {
    try {
      return decide(pdp, request);
    } catch (err) {
      if (err instanceof PolicyRequestInvalidError) throw new AuthzenError('HALONG_AUTHZEN_INVALID_REQUEST', err.message);
      throw err;
    }
  }

  // In a batch a request the PDP refuses is that item's closed decision, not the batch's failure (§7.2.1).
  function decideItem(pdp: Pdp, request: AuthzenEvaluationRequest): AuthzenEvaluationResponse {
    try {
      return decide(pdp, request);
    } catch (err) {
      if (!(err instanceof PolicyRequestInvalidError)) throw err;
      return { decision: false, context: { id: newId(), error: { status: 400, code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: err.message } } };
    }
  }

  return {
    searchable: options.catalog !== undefined,

    evaluate(request) {
      assertValid(checkEvaluation, request);
      return decideOrThrow(options.pdp(), request);
    },

    evaluations(request) {
      assertValid(checkEvaluations, request);
      const items = request.evaluations ?? [];
      if (items.length === 0) return decideOrThrow(options.pdp(), withDefaults(request, {}, ''));
      // Every item is checked before any is decided, so a 400 never follows logged decisions.
      const requests = items.map((item, i) => withDefaults(request, item, `evaluations[${i}].`));
      const semantic = request.options?.evaluations_semantic ?? 'execute_all';
      const pdp = options.pdp(); // one policy version for the whole batch
      const evaluations: AuthzenEvaluationResponse[] = [];
      for (const r of requests) {
        const answer = decideItem(pdp, r);
        evaluations.push(answer);
        if (stops(semantic, answer.decision)) break;
      }
      return { evaluations };
    },

    ...createSearches(options.pdp, options.catalog, options.maxScan ?? AUTHZEN_LIMITS.maxScan),
  };
}
