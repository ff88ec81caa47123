import type { AuthzenEvaluationRequest, AuthzenEvaluationResponse } from '../../authzen';

/** Asks a policy decision point. In one process it is the PDP itself; across processes, AuthZEN over HTTP. */
export interface Authorizer {
  evaluate(request: AuthzenEvaluationRequest): Promise<AuthzenEvaluationResponse>;
}

export interface HttpAuthorizerOptions {
  /** Base URL of the policy engine, e.g. https://127.0.0.1:8443 */
  url: string;
  timeoutMs?: number;
  /** Headers proving the PEP's own identity to the PDP (e.g. a bearer token). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
}

/** An Authorizer that calls `POST /access/v1/evaluation`. Any failure rejects: the PEP then denies. */
export function createHttpAuthorizer(options: HttpAuthorizerOptions): Authorizer {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.url.replace(/\/+$/, '')}/access/v1/evaluation`;
  return {
    async evaluate(request) {
      const res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await options.headers?.()) },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
      });
      if (!res.ok) throw new Error(`policy engine answered ${res.status}`);
      const body = (await res.json()) as AuthzenEvaluationResponse;
      if (typeof body.decision !== 'boolean') throw new Error('policy engine answered without a boolean decision');
      return body;
    },
  };
}
