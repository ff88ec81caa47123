import type { AuthzenEvaluationRequest } from '@halong/core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('without a fetch, posts over node:http with keep-alive and times out a silent PDP', async () => {
    const seen: { url?: string; body: string; auth?: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url, body, auth: req.headers.authorization });
        if (body.includes('"silent"')) return; // never answers
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ decision: false, context: { reason_user: { en: 'no' } } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const authz = createHttpAuthorizer({ url, timeoutMs: 300, headers: () => ({ authorization: 'Bearer pep' }) });
      await expect(authz.evaluate(request)).resolves.toEqual({ decision: false, context: { reason_user: { en: 'no' } } });
      expect(seen[0]).toEqual({ url: '/access/v1/evaluation', body: JSON.stringify(request), auth: 'Bearer pep' });
      await expect(authz.evaluate({ ...request, subject: { type: 'user', id: 'silent' } })).rejects.toThrow('no answer within 300 ms');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
