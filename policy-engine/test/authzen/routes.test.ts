import type { ErrorBody } from '@halong/core';
import type { AuthorizeHook } from '@halong/core/node';
import type { FastifyContextConfig } from 'fastify';
import { createMemoryCatalog } from '../../src/authzen';
import type { Pdp } from '../../src/pdp';
import { load } from '../pdp/helpers';
import { analystRead, BASE_URL, closeServers, counted, evaluatorFor, SEARCH_POLICIES, searchPdp, serverWith, socPdp } from './helpers';

afterEach(closeServers);

const POST_ROUTES = ['/access/v1/evaluation', '/access/v1/evaluations', '/access/v1/search/subject', '/access/v1/search/resource', '/access/v1/search/action'];

function searchCatalog() {
  const catalog = createMemoryCatalog();
  catalog.addPolicies(load(SEARCH_POLICIES));
  for (const [id, site] of [
    ['alerts/qn-01/1', 'qn-01'],
    ['alerts/qn-02/2', 'qn-02'],
    ['alerts/qn-01/3', 'qn-01'],
    ['alerts/qn-01/4', 'qn-01'],
  ]) {
    catalog.addResource({ type: 'alert', id: id!, properties: { site: site! } });
  }
  catalog.addSubject({ type: 'user', id: 'alice', properties: { roles: ['analyst'], site: 'qn-01' } });
  catalog.addSubject({ type: 'user', id: 'dung', properties: { roles: ['viewer'], site: 'qn-01' } });
  return catalog;
}

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => ({ method: 'POST' as const, url, payload: payload as object, headers });

describe('AuthZEN routes: evaluation', () => {
  it('answers the AuthZEN Decision exactly as the evaluator builds it, and logs the decision', async () => {
    const { evaluator, decisions } = evaluatorFor(socPdp());
    const app = serverWith(evaluator);
    const res = await app.inject(post('/access/v1/evaluation', analystRead, { 'x-request-id': 'pep-7' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBe('pep-7');
    const twin = evaluatorFor(socPdp()).evaluator.evaluate(analystRead);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(twin)));
    expect(res.json()).toMatchObject({
      decision: true,
      context: { id: 'd-1', reason_user: { en: 'You can read the alerts of your site.' }, policy_version: 'v7' },
    });
    expect(res.json().context.reasons[0]).toMatchObject({ policy_id: 'soc-analysts-read-alerts', kind: 'policy', match: { action: '"read" matched [read, list, comment]' } });
    expect(decisions.map((d) => [d.id, d.decision])).toEqual([['d-1', true]]);
  });

  it('answers a deny with 200 and decision false (a deny is not an HTTP error)', async () => {
    const app = serverWith(evaluatorFor(socPdp()).evaluator);
    const res = await app.inject(post('/access/v1/evaluation', { ...analystRead, context: { ip: '192.0.2.1' } }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: false, context: { reason_user: { en: 'You do not have access to this resource.' } } });
  });

  it.each([
    ['a missing subject', { resource: analystRead.resource, action: analystRead.action }, 'subject is required'],
    ['a numeric id (never coerced to a string)', { ...analystRead, resource: { type: 'alert', id: 123 } }, 'resource.id: expected string'],
    ['a numeric action name', { ...analystRead, action: { name: 7 } }, 'action.name: expected string'],
    ['an unknown subject kind', { ...analystRead, subject: { type: 'robot', id: 'r2' } }, 'subject.type must be one of user, collector, device, service, got "robot"'],
  ])('refuses %s with 400 in the shared error shape', async (_name, body, message) => {
    const pdp = counted(socPdp());
    const app = serverWith(evaluatorFor(pdp).evaluator);
    const res = await app.inject(post('/access/v1/evaluation', body, { 'x-request-id': 'req-1' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'HALONG_AUTHZEN_INVALID_REQUEST', message, requestId: 'req-1' } } satisfies ErrorBody);
    if (!message.startsWith('subject.type')) expect(pdp.decide).not.toHaveBeenCalled();
  });

  it('leaves other failures to the server: bad JSON is HALONG_API_BAD_REQUEST, a PDP crash a 500 that hides its cause', async () => {
    const broken: Pdp = { version: 'x', size: 0, decide: () => { throw new TypeError('index corrupted'); } };
    const app = serverWith(evaluatorFor(broken).evaluator);
    const bad = await app.inject({ method: 'POST', url: '/access/v1/evaluation', payload: '{"subject":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HALONG_API_BAD_REQUEST');
    const crash = await app.inject(post('/access/v1/evaluation', analystRead, { 'x-request-id': 'req-9' }));
    expect(crash.statusCode).toBe(500);
    expect(crash.json()).toEqual({ error: { code: 'HALONG_API_INTERNAL', message: 'An internal error occurred.', requestId: 'req-9' } });
  });
});

describe('AuthZEN routes: evaluations', () => {
  const batch = (semantic: string, count = 3) => ({
    subject: analystRead.subject,
    action: { name: 'read' },
    context: { ip: '10.20.1.9' },
    options: { evaluations_semantic: semantic },
    evaluations: Array.from({ length: count }, (_, i) => ({
      resource: { type: 'alert', id: `alerts/qn-0${(i % 2) + 1}/${i}`, properties: { site: `qn-0${(i % 2) + 1}` } },
    })),
  });

  it('answers {evaluations: [...]} in order and stops at the first deny when asked', async () => {
    const pdp = counted(socPdp());
    const app = serverWith(evaluatorFor(pdp).evaluator);
    const res = await app.inject(post('/access/v1/evaluations', batch('deny_on_first_deny')));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['evaluations']);
    expect(body.evaluations.map((e: { decision: boolean; context: { id: string } }) => [e.decision, e.context.id])).toEqual([
      [true, 'd-1'],
      [false, 'd-2'],
    ]);
    expect(body.evaluations[1].context.reasons[0].policy_id).toBe('halong:default-deny');
    expect(pdp.decide).toHaveBeenCalledTimes(2);
  });

  it('answers a single Decision when the batch has no items', async () => {
    const app = serverWith(evaluatorFor(socPdp()).evaluator);
    const res = await app.inject(post('/access/v1/evaluations', { ...analystRead, evaluations: [] }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: true, context: { id: 'd-1', policy_version: 'v7' } });
    expect(res.json()).not.toHaveProperty('evaluations');
  });

  it('keeps a per-item error in that item and goes on', async () => {
    const app = serverWith(evaluatorFor(socPdp()).evaluator);
    const body = batch('execute_all', 2);
    body.evaluations.push({ subject: { type: 'robot', id: 'r2' }, resource: analystRead.resource } as never);
    const res = await app.inject(post('/access/v1/evaluations', body));
    expect(res.statusCode).toBe(200);
    expect(res.json().evaluations.map((e: { decision: boolean }) => e.decision)).toEqual([true, false, false]);
    expect(res.json().evaluations[2]).toEqual({
      decision: false,
      context: { id: 'd-3', error: { status: 400, code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'subject.type must be one of user, collector, device, service, got "robot"' } },
    });
  });

  it.each([
    ['more than 1000 items', batch('execute_all', 1001), 'evaluations: expected array length to be less or equal to 1000'],
    ['an unknown semantic', batch('first_wins', 1), 'options.evaluations_semantic must be one of execute_all, deny_on_first_deny, permit_on_first_permit'],
    ['an item without a subject and no default', { action: { name: 'read' }, evaluations: [{ resource: analystRead.resource }] }, 'evaluations[0].subject is required (in the item or as a top-level default)'],
    ['a non-string id in an item', { ...batch('execute_all', 1), evaluations: [{ resource: { type: 'alert', id: false } }] }, 'evaluations[0].resource.id: expected string'],
  ])('refuses %s with 400 and decides nothing', async (_name, body, message) => {
    const pdp = counted(socPdp());
    const app = serverWith(evaluatorFor(pdp).evaluator);
    const res = await app.inject(post('/access/v1/evaluations', body));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message });
    expect(pdp.decide).not.toHaveBeenCalled();
  });
});

describe('AuthZEN routes: search', () => {
  const resourceSearch = { subject: { type: 'user', id: 'alice', properties: { roles: ['analyst'], site: 'qn-01' } }, action: { name: 'read' }, resource: { type: 'alert' } };

  it('answers {page, results, context} with page first, and pages with tokens', async () => {
    const app = serverWith(evaluatorFor(searchPdp(), searchCatalog()).evaluator);
    const first = await app.inject(post('/access/v1/search/resource', { ...resourceSearch, page: { limit: 2 } }));
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(Object.keys(body)[0]).toBe('page'); // the spec recommends page first, for progress indicators
    expect(body).toEqual({
      page: { next_token: expect.any(String), count: 2 },
      context: { policy_version: 's1' },
      results: [
        { type: 'alert', id: 'alerts/qn-01/1' },
        { type: 'alert', id: 'alerts/qn-01/3' },
      ],
    });
    const second = await app.inject(post('/access/v1/search/resource', { ...resourceSearch, page: { limit: 2, token: body.page.next_token } }));
    expect(second.json()).toEqual({ page: { next_token: '', count: 1 }, context: { policy_version: 's1' }, results: [{ type: 'alert', id: 'alerts/qn-01/4' }] });
  });

  it('refuses a token reused with another request', async () => {
    const app = serverWith(evaluatorFor(searchPdp(), searchCatalog()).evaluator);
    const first = (await app.inject(post('/access/v1/search/resource', { ...resourceSearch, page: { limit: 1 } }))).json();
    const res = await app.inject(post('/access/v1/search/resource', { ...resourceSearch, action: { name: 'list' }, page: { limit: 1, token: first.page.next_token } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HALONG_AUTHZEN_INVALID_PAGE_TOKEN');
  });

  it('searches subjects and actions', async () => {
    const app = serverWith(evaluatorFor(searchPdp(), searchCatalog()).evaluator);
    const resource = { type: 'alert', id: 'alerts/qn-01/1', properties: { site: 'qn-01' } };
    const subjects = await app.inject(post('/access/v1/search/subject', { subject: { type: 'user' }, action: { name: 'list' }, resource }));
    expect(subjects.json()).toEqual({ page: { next_token: '', count: 1 }, context: { policy_version: 's1' }, results: [{ type: 'user', id: 'alice' }] });
    const actions = await app.inject(post('/access/v1/search/action', { subject: resourceSearch.subject, resource }));
    expect(actions.json()).toEqual({ page: { next_token: '', count: 2 }, context: { policy_version: 's1' }, results: [{ name: 'read' }, { name: 'list' }] });
  });

  it('refuses a search without the searched type, and a negative limit', async () => {
    const app = serverWith(evaluatorFor(searchPdp(), searchCatalog()).evaluator);
    const noType = await app.inject(post('/access/v1/search/resource', { ...resourceSearch, resource: {} }));
    expect(noType.json().error).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'resource.type is required' });
    const negative = await app.inject(post('/access/v1/search/resource', { ...resourceSearch, page: { limit: -1 } }));
    expect(negative.json().error).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'page.limit: expected integer to be greater or equal to 0' });
  });

  it('has no search routes without a catalogue', async () => {
    const app = serverWith(evaluatorFor(searchPdp()).evaluator);
    const res = await app.inject(post('/access/v1/search/resource', resourceSearch));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('HALONG_API_NOT_FOUND');
  });
});

describe('AuthZEN routes: metadata and access', () => {
  it('publishes every endpoint under the base URL when searches can answer', async () => {
    const app = serverWith(evaluatorFor(searchPdp(), searchCatalog()).evaluator);
    const res = await app.inject({ method: 'GET', url: '/.well-known/authzen-configuration' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      policy_decision_point: BASE_URL,
      access_evaluation_endpoint: `${BASE_URL}/access/v1/evaluation`,
      access_evaluations_endpoint: `${BASE_URL}/access/v1/evaluations`,
      search_subject_endpoint: `${BASE_URL}/access/v1/search/subject`,
      search_resource_endpoint: `${BASE_URL}/access/v1/search/resource`,
      search_action_endpoint: `${BASE_URL}/access/v1/search/action`,
    });
  });

  it('leaves the search endpoints out when there is no catalogue', async () => {
    const app = serverWith(evaluatorFor(searchPdp()).evaluator);
    const res = await app.inject({ method: 'GET', url: '/.well-known/authzen-configuration' });
    expect(res.json()).toEqual({
      policy_decision_point: BASE_URL,
      access_evaluation_endpoint: `${BASE_URL}/access/v1/evaluation`,
      access_evaluations_endpoint: `${BASE_URL}/access/v1/evaluations`,
    });
  });

  it('without an authorizer answers 401 on every endpoint but the public metadata', async () => {
    const pdp = counted(searchPdp());
    const app = serverWith(evaluatorFor(pdp, searchCatalog()).evaluator, null);
    for (const url of POST_ROUTES) {
      const res = await app.inject(post(url, analystRead));
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 401, 'HALONG_AUTH_UNAUTHENTICATED']);
    }
    expect(pdp.decide).not.toHaveBeenCalled();
    const metadata = await app.inject({ method: 'GET', url: '/.well-known/authzen-configuration', remoteAddress: '10.1.2.3' });
    expect(metadata.statusCode).toBe(200);
    expect(metadata.json().policy_decision_point).toBe(BASE_URL);
  });

  it('asks the authorizer for action evaluate on resource type authzen, never for the metadata', async () => {
    const seen: FastifyContextConfig[] = [];
    const authorize = jest.fn<ReturnType<AuthorizeHook>, Parameters<AuthorizeHook>>(async (request) => {
      seen.push(request.routeOptions.config);
      return null;
    });
    const app = serverWith(evaluatorFor(searchPdp(), searchCatalog()).evaluator, authorize);
    await app.inject({ method: 'GET', url: '/.well-known/authzen-configuration' });
    expect(authorize).not.toHaveBeenCalled();
    for (const url of POST_ROUTES) await app.inject(post(url, analystRead));
    expect(seen).toHaveLength(POST_ROUTES.length);
    for (const config of seen) expect(config).toMatchObject({ access: 'protected', resource: { type: 'authzen' }, action: 'evaluate' });
  });

  it('answers 403 when the authorizer denies the caller', async () => {
    const app = serverWith(evaluatorFor(socPdp()).evaluator, async () => ({ status: 403, message: 'Access denied by policy.' }));
    const res = await app.inject(post('/access/v1/evaluation', analystRead));
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'HALONG_AUTH_FORBIDDEN', message: 'Access denied by policy.' });
  });
});
