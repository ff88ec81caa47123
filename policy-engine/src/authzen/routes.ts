// The AuthZEN HTTPS binding as a fastify plugin. Register it without a prefix: the metadata must
// live at /.well-known/authzen-configuration and the endpoints at their default paths.
import type { AuthzenEvaluationRequest } from '@halong/core';
import type { RouteAccess } from '@halong/core/node';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyPluginAsync, FastifySchemaCompiler } from 'fastify';
import { AuthzenError } from './authzen-errors';
import {
  ActionResultSchema,
  ActionSearchRequestSchema,
  EntityResultSchema,
  EvaluationRequestSchema,
  EvaluationResponseSchema,
  EvaluationsRequestSchema,
  EvaluationsResponseSchema,
  MetadataSchema,
  ResourceSearchRequestSchema,
  SubjectSearchRequestSchema,
  searchResponseSchema,
} from './authzen-schemas';
import type { AuthzenActionSearchRequest, AuthzenEvaluationsRequest, AuthzenResourceSearchRequest, AuthzenSubjectSearchRequest } from './authzen-types';
import { compileCheck } from './check-request';
import type { AuthzenEvaluator } from './evaluator';
import { AUTHZEN_PATHS, authzenMetadata } from './metadata';

/** What the AuthZEN routes serve. */
export interface AuthzenRoutesOptions {
  evaluator: AuthzenEvaluator;
  /** The PDP's public base URL (e.g. https://pdp.example:8443); a getter because TLS may start later. */
  baseUrl: () => string;
}

const PROTECTED = { access: 'protected' satisfies RouteAccess, resource: { type: 'authzen' }, action: 'evaluate' } satisfies FastifyContextConfig;
const PUBLIC = { access: 'public' satisfies RouteAccess } satisfies FastifyContextConfig;

// Bodies are checked by TypeBox's compiler, not fastify's coercing ajv, and fail as AuthzenErrors.
const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const check = compileCheck(schema);
  return (data: unknown) => {
    const problem = check(data);
    return problem === undefined ? true : { error: new AuthzenError('HALONG_AUTHZEN_INVALID_REQUEST', problem) };
  };
};

/**
 * `POST /access/v1/evaluation`, `/evaluations`, `/search/{subject,resource,action}` (protected:
 * action `evaluate` on resource type `authzen`) and `GET /.well-known/authzen-configuration` (public).
 * Search routes exist only when the evaluator has a catalogue.
 */
export const authzenRoutes: FastifyPluginAsync<AuthzenRoutesOptions> = async (app, opts) => {
  const { evaluator } = opts;
  app.setValidatorCompiler(validatorCompiler);

  app.get(AUTHZEN_PATHS.metadata, { config: PUBLIC, schema: { response: { 200: MetadataSchema } } }, async () =>
    authzenMetadata(opts.baseUrl(), evaluator.searchable),
  );

  app.post(
    AUTHZEN_PATHS.evaluation,
    { config: PROTECTED, schema: { body: EvaluationRequestSchema, response: { 200: EvaluationResponseSchema } } },
    async (request) => evaluator.evaluate(request.body as AuthzenEvaluationRequest),
  );

  app.post(
    AUTHZEN_PATHS.evaluations,
    { config: PROTECTED, schema: { body: EvaluationsRequestSchema, response: { 200: EvaluationsResponseSchema } } },
    async (request) => evaluator.evaluations(request.body as AuthzenEvaluationsRequest),
  );

  if (!evaluator.searchable) return;
  const entities = { 200: searchResponseSchema(EntityResultSchema) };

  app.post(
    AUTHZEN_PATHS.searchSubject,
    { config: PROTECTED, schema: { body: SubjectSearchRequestSchema, response: entities } },
    async (request) => evaluator.searchSubjects(request.body as AuthzenSubjectSearchRequest),
  );

  app.post(
    AUTHZEN_PATHS.searchResource,
    { config: PROTECTED, schema: { body: ResourceSearchRequestSchema, response: entities } },
    async (request) => evaluator.searchResources(request.body as AuthzenResourceSearchRequest),
  );

  app.post(
    AUTHZEN_PATHS.searchAction,
    { config: PROTECTED, schema: { body: ActionSearchRequestSchema, response: { 200: searchResponseSchema(ActionResultSchema) } } },
    async (request) => evaluator.searchActions(request.body as AuthzenActionSearchRequest),
  );
};
