// The client throws a ResponseError for every 4xx/5xx; these read it structurally so the policy
// engine does not depend on the client package's error classes.

interface ResponseLike {
  readonly meta?: { readonly statusCode?: number; readonly body?: { readonly error?: { readonly type?: string } | string } };
}

/** HTTP status of an OpenSearch response error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  return (error as ResponseLike | undefined)?.meta?.statusCode;
}

/** OpenSearch's `error.type` (e.g. `version_conflict_engine_exception`), if the body has one. */
export function errorTypeOf(error: unknown): string | undefined {
  const body = (error as ResponseLike | undefined)?.meta?.body?.error;
  return typeof body === 'object' ? body.type : undefined;
}

/** A create or compare-and-set write lost: the id exists or the document changed meanwhile. */
export function isConflict(error: unknown): boolean {
  return statusOf(error) === 409;
}

/** A GET for a document that does not exist (as opposed to a missing index, which must not pass silently). */
export function isMissingDocument(error: unknown): boolean {
  return statusOf(error) === 404 && errorTypeOf(error) === undefined;
}
