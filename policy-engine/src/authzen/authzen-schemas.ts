// TypeBox schemas of the AuthZEN requests and responses: the routes validate bodies with them and
// the evaluator re-checks direct callers. Unknown keys are allowed because the spec says receivers
// MUST ignore them; sizes are bounded because a PDP must not let one request exhaust it.
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';

/** Bounds of one request. */
export const AUTHZEN_LIMITS = {
  /** Items in one `evaluations` batch. */
  maxEvaluations: 1000,
  /** Results on one search page, whatever `page.limit` asks. */
  maxPageSize: 1000,
  /** Results on one search page when `page.limit` is absent. */
  defaultPageSize: 100,
  /** Catalogue candidates one search page decides before it stops and hands out a token. */
  maxScan: 10_000,
} as const;

const Name = Type.String({ minLength: 1, maxLength: 256 });
const Id = Type.String({ minLength: 1, maxLength: 2048 });
const Properties = Type.Record(Type.String(), Type.Unknown());

const Entity = Type.Object({ type: Name, id: Id, properties: Type.Optional(Properties) });
const EntityQuery = Type.Object({ type: Name, id: Type.Optional(Type.String()), properties: Type.Optional(Properties) });
const Action = Type.Object({ name: Name, properties: Type.Optional(Properties) });

const Page = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  properties: Type.Optional(Properties),
});

/** `POST /access/v1/evaluation` body. */
export const EvaluationRequestSchema = Type.Object({
  subject: Entity,
  resource: Entity,
  action: Action,
  context: Type.Optional(Properties),
});

const EvaluationItem = Type.Object({
  subject: Type.Optional(Entity),
  resource: Type.Optional(Entity),
  action: Type.Optional(Action),
  context: Type.Optional(Properties),
});

/** `POST /access/v1/evaluations` body. */
export const EvaluationsRequestSchema = Type.Object({
  subject: Type.Optional(Entity),
  resource: Type.Optional(Entity),
  action: Type.Optional(Action),
  context: Type.Optional(Properties),
  evaluations: Type.Optional(Type.Array(EvaluationItem, { maxItems: AUTHZEN_LIMITS.maxEvaluations })),
  options: Type.Optional(
    Type.Object({
      evaluations_semantic: Type.Optional(
        Type.Union([Type.Literal('execute_all'), Type.Literal('deny_on_first_deny'), Type.Literal('permit_on_first_permit')]),
      ),
    }),
  ),
});

/** `POST /access/v1/search/subject` body. */
export const SubjectSearchRequestSchema = Type.Object({
  subject: EntityQuery,
  action: Action,
  resource: Entity,
  context: Type.Optional(Properties),
  page: Type.Optional(Page),
});

/** `POST /access/v1/search/resource` body. */
export const ResourceSearchRequestSchema = Type.Object({
  subject: Entity,
  action: Action,
  resource: EntityQuery,
  context: Type.Optional(Properties),
  page: Type.Optional(Page),
});

/** `POST /access/v1/search/action` body. */
export const ActionSearchRequestSchema = Type.Object({
  subject: Entity,
  resource: Entity,
  context: Type.Optional(Properties),
  page: Type.Optional(Page),
});

/** A Decision: a boolean and an open context. */
export const EvaluationResponseSchema = Type.Object({ decision: Type.Boolean(), context: Type.Optional(Properties) });

/** A batch answer, or a single Decision when the request had no items (spec §7.1). */
export const EvaluationsResponseSchema = Type.Union([
  Type.Object({ evaluations: Type.Array(EvaluationResponseSchema) }),
  EvaluationResponseSchema,
]);

/**
 * A search answer whose results are `result` entities. `page` is required here because Halong
 * always sends it and the serialiser writes required keys first: the spec recommends `page` first.
 */
export function searchResponseSchema(result: TSchema): TSchema {
  return Type.Object({
    page: Type.Object({
      next_token: Type.String(),
      count: Type.Optional(Type.Integer()),
      total: Type.Optional(Type.Integer()),
      properties: Type.Optional(Properties),
    }),
    context: Type.Optional(Properties),
    results: Type.Array(result),
  });
}

/** Entities in search results. */
export const EntityResultSchema = Type.Object({ type: Type.String(), id: Type.String() });

/** Actions in search results. */
export const ActionResultSchema = Type.Object({ name: Type.String() });

/** `GET /.well-known/authzen-configuration`. */
export const MetadataSchema = Type.Object({
  policy_decision_point: Type.String(),
  access_evaluation_endpoint: Type.String(),
  access_evaluations_endpoint: Type.Optional(Type.String()),
  search_subject_endpoint: Type.Optional(Type.String()),
  search_resource_endpoint: Type.Optional(Type.String()),
  search_action_endpoint: Type.Optional(Type.String()),
});
