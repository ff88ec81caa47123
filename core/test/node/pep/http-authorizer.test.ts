import type { AuthzenEvaluationRequest } from '@halong/core';
import { createHttpAuthorizer } from '@halong/core/node';

const request: AuthzenEvaluationRequest = { subject: { type: 'user', id: 'a' }, resource: { type: 'policy', id: 'p' }, action: { name: 'read' } };

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

describe('createHttpAuthorizer', () => {
  it('posts the AuthZEN request to /access/v1/evaluation with the PEP identity headers', async () => {
    const { fn, calls } = fakeFetch(200, { decision: true, context: { id: '1' } });
    const authz = createHttpAuthorizer({ url: 'https://pdp.local:8443/', fetch: fn, headers: () => ({ authorization: 'Bearer pep' }) });
    await expect(authz.evaluate(request)).resolves.toEqual({ decision: true, context: { id: '1' } });
    expect(calls[0]!.url).toBe('https://pdp.local:8443/access/v1/evaluation');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(request);
    expect(calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer pep', 'content-type': 'application/json' });
  });

  it('rejects (so the PEP denies) on an error status or an answer without a boolean decision', async () => {
    await expect(createHttpAuthorizer({ url: 'http://x', fetch: fakeFetch(500, {}).fn }).evaluate(request)).rejects.toThrow('policy engine answered 500');
    await expect(createHttpAuthorizer({ url: 'http://x', fetch: fakeFetch(200, { decision: 'yes' }).fn }).evaluate(request)).rejects.toThrow('without a boolean decision');
  });
});
