import type { AuthzenEvaluationRequest } from '@halong/core';
import type { Authorizer } from '@halong/core/node';
import { createLogger, createPep, createServer } from '@halong/core/node';
import { detectionRoutes } from '../../src/http';
import type { DetectionService, DetectionStatus, RuntimeParts } from '../../src/runtime';
import { LiveMatcher, RuleStates, createDetectionService } from '../../src/runtime';
import { BROKEN_RULES, CORRELATION_ID, MemoryControl, QUIET_ID, RULE_ID, T0, processEvent, ruleSetOf, standardFiles } from '../runtime/support';

/** Like the default policies: admins do anything; analysts, responders and leads read and search (hunt) sigma-rule. */
function policyAuthorizer(asked: AuthzenEvaluationRequest[]): Authorizer {
  return {
    async evaluate(request) {
      asked.push(request);
      const roles = (request.subject.properties?.['roles'] as string[] | undefined) ?? [];
      const reader = roles.some((r) => ['analyst', 'responder', 'soc-lead'].includes(r)) && request.resource.type === 'sigma-rule' && ['read', 'list', 'search'].includes(request.action.name);
      return { decision: roles.includes('admin') || reader };
    },
  };
}

async function server(o: { status?: DetectionStatus; parts?: RuntimeParts | undefined; lag?: () => Promise<Record<string, number | null>> } = {}) {
  const asked: AuthzenEvaluationRequest[] = [];
  const authorize = createPep({
    authorizer: policyAuthorizer(asked),
    // The bearer token names the role: the PEP's authentication, without real tokens.
    verifyBearer: async (token) => ({ ok: true, principal: { type: 'user', id: `${token}-1`, properties: { roles: [token] } } }),
  });
  let parts = o.parts;
  if (!('parts' in o)) {
    const control = new MemoryControl();
    const states = new RuleStates(control, () => new Date(T0));
    const set = await ruleSetOf([...standardFiles(), ...BROKEN_RULES]);
    const matcher = new LiveMatcher(set, states);
    matcher.match(processEvent('e1', T0));
    parts = {
      loaded: { ruleSet: set, ruleDirs: ['/rules'], pipelinePaths: ['/pipelines'], parseMs: 10, compileMs: 20, loadedAt: new Date(T0).toISOString() },
      matcher,
      states,
      correlation: { matchesByCorrelation: () => new Map([[CORRELATION_ID, 2]]), counters: () => ({}) as never },
    };
  }
  const service: DetectionService = createDetectionService({ status: () => o.status ?? { state: 'ready', since: new Date(T0).toISOString() }, parts: () => parts, ...(o.lag ? { lag: o.lag } : {}) });
  const app = createServer({ service: 'test', version: '0', logger: createLogger('test', 'silent'), authorize });
  await app.register(detectionRoutes, { service });
  return { app, asked, parts };
}

const as = (role: string) => ({ authorization: `Bearer ${role}` });

describe('GET /detection/v1/rules', () => {
  it('pages the rules with their state and counters', async () => {
    const { app, asked } = await server();
    const res = await app.inject({ method: 'GET', url: '/detection/v1/rules?limit=2', headers: as('analyst') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 5, offset: 0, limit: 2 });
    expect(body.rules[0]).toEqual({
      id: RULE_ID,
      kind: 'rule',
      title: 'Download piped to a shell',
      level: 'high',
      status: 'test',
      tags: ['attack.execution', 'attack.t1059.004'],
      attack: { tactics: ['execution'], techniques: ['T1059.004'] },
      logsource: { product: 'linux', category: 'process_creation' },
      loaded: true,
      enabled: true,
      state: { enabled: true },
      stats: { matches: 1, evaluations: 1, errors: 0, meanEvalMicros: null, failing: false },
    });
    expect(asked.at(-1)).toMatchObject({ resource: { type: 'sigma-rule', id: '/detection/v1/rules' }, action: { name: 'list' }, subject: { id: 'analyst-1' } });
  });

  it.each([
    ['level=critical', [CORRELATION_ID]],
    ['level=high,medium&kind=rule&loaded=true', [RULE_ID, QUIET_ID]],
    ['status=experimental', [QUIET_ID]],
    ['product=LINUX&category=process_creation&q=netcat', [QUIET_ID]],
    ['kind=correlation', [CORRELATION_ID]],
    ['loaded=false', ['6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0b', '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0a']],
    ['q=T1059', [RULE_ID]],
    ['offset=4&limit=10', [CORRELATION_ID]],
    ['offset=5', []],
  ])('filters with %s', async (query, ids) => {
    const { app } = await server();
    const res = await app.inject({ method: 'GET', url: `/detection/v1/rules?${query}`, headers: as('responder') });
    expect(res.json().rules.map((r: { id: string }) => r.id)).toEqual(ids);
  });

  it('filters on enabled', async () => {
    const { app, parts } = await server();
    await parts!.states.setEnabled(QUIET_ID, false, 'admin-1');
    const res = await app.inject({ method: 'GET', url: '/detection/v1/rules?enabled=false', headers: as('soc-lead') });
    expect(res.json().rules).toEqual([expect.objectContaining({ id: QUIET_ID, enabled: false, state: { enabled: false, changedAt: new Date(T0).toISOString(), changedBy: 'admin-1' } })]);
  });

  it.each([
    ['level=severe', 'querystring/level must match pattern'],
    ['limit=0', 'querystring/limit must be >= 1'],
    ['limit=501', 'querystring/limit must be <= 500'],
    ['enabled=maybe', 'querystring/enabled must be boolean'],
    ['status=wip', 'querystring/status'],
  ])('answers 400 with a code for %s', async (query, message) => {
    const { app } = await server();
    const res = await app.inject({ method: 'GET', url: `/detection/v1/rules?${query}`, headers: as('analyst') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'HALONG_API_BAD_REQUEST', message: expect.stringContaining(message) });
  });
});

describe('GET /detection/v1/rules/:id', () => {
  it('shows the rule with its source file, compiled fields and correlations', async () => {
    const { app, asked } = await server();
    const res = await app.inject({ method: 'GET', url: `/detection/v1/rules/${RULE_ID}`, headers: as('analyst') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: RULE_ID,
      source: { file: 'rules/pipe-to-shell.yml', line: 2 },
      fields: ['process.command_line'],
      logsourceKey: 'linux/process_creation',
      referencedBy: [CORRELATION_ID],
      standalone: true,
      correlation: null,
      problems: [],
    });
    expect(asked.at(-1)).toMatchObject({ resource: { type: 'sigma-rule', id: RULE_ID }, action: { name: 'read' } });
  });

  it('shows a correlation, and the problems of a rule that did not compile', async () => {
    const { app } = await server();
    const c = await app.inject({ method: 'GET', url: `/detection/v1/rules/${CORRELATION_ID}`, headers: as('analyst') });
    expect(c.json()).toMatchObject({ kind: 'correlation', correlation: { type: 'event_count', rules: [RULE_ID], groupBy: ['host.name'], timespanMs: 300_000, generate: true }, stats: { matches: 2 } });
    const broken = await app.inject({ method: 'GET', url: '/detection/v1/rules/6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0a', headers: as('analyst') });
    expect(broken.json()).toMatchObject({ loaded: false, problems: [{ stage: 'pipeline', code: 'HALONG_SIGMA_MAPPING', file: 'rules/unmapped.yml' }] });
  });

  it('answers 404 HALONG_DETECTION_RULE_NOT_FOUND for an unknown id', async () => {
    const { app } = await server();
    const res = await app.inject({ method: 'GET', url: '/detection/v1/rules/nope', headers: as('analyst') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'HALONG_DETECTION_RULE_NOT_FOUND', message: 'no rule or correlation "nope" is loaded' });
  });
});

describe('PUT /detection/v1/rules/:id/state', () => {
  it('lets an admin disable and enable a rule, recorded with who did it', async () => {
    const { app, asked, parts } = await server();
    const off = await app.inject({ method: 'PUT', url: `/detection/v1/rules/${RULE_ID}/state`, headers: as('admin'), payload: { enabled: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: RULE_ID, enabled: false, state: { changedBy: 'admin-1' } });
    expect(parts!.matcher.match(processEvent('e2', T0))).toEqual([]);
    expect(asked.at(-1)).toMatchObject({ resource: { type: 'sigma-rule', id: RULE_ID }, action: { name: 'update' } });
    const on = await app.inject({ method: 'PUT', url: `/detection/v1/rules/${RULE_ID}/state`, headers: as('admin'), payload: { enabled: true } });
    expect(on.json()).toMatchObject({ enabled: true, state: { enabled: true } });
  });

  it('refuses analysts (403) and callers without a credential (401), changing nothing', async () => {
    const { app, parts } = await server();
    const analyst = await app.inject({ method: 'PUT', url: `/detection/v1/rules/${RULE_ID}/state`, headers: as('analyst'), payload: { enabled: false } });
    expect(analyst.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'PUT', url: `/detection/v1/rules/${RULE_ID}/state`, payload: { enabled: false } });
    expect(anonymous.statusCode).toBe(401);
    expect(parts!.states.isEnabled(RULE_ID)).toBe(true);
  });

  it.each([[{}], [{ enabled: 'maybe' }], [{ enabled: null }], [{ enabled: 'false' }], [{ enabled: 0 }], [[false]]])('answers 400 for the body %j, changing nothing', async (payload) => {
    const { app, parts } = await server();
    const res = await app.inject({ method: 'PUT', url: `/detection/v1/rules/${RULE_ID}/state`, headers: as('admin'), payload: payload as object });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'HALONG_DETECTION_BAD_REQUEST', message: 'body/enabled must be true or false (a JSON boolean)' });
    expect(parts!.states.isEnabled(RULE_ID)).toBe(true);
  });

  it('answers 404 for an unknown rule', async () => {
    const { app } = await server();
    const res = await app.inject({ method: 'PUT', url: '/detection/v1/rules/nope/state', headers: as('admin'), payload: { enabled: false } });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /detection/v1/problems and /summary', () => {
  it('lists what did not load, with file, rule id and reason, filterable', async () => {
    const { app } = await server();
    const all = await app.inject({ method: 'GET', url: '/detection/v1/problems', headers: as('analyst') });
    expect(all.json()).toMatchObject({ total: 4, offset: 0, limit: 100 });
    const compile = await app.inject({ method: 'GET', url: '/detection/v1/problems?stage=compile', headers: as('analyst') });
    expect(compile.json().problems).toEqual([
      expect.objectContaining({ file: 'rules/placeholder.yml', ruleId: '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0b', code: 'HALONG_SIGMA_MAPPING', reason: expect.stringContaining('%admins%') }),
    ]);
    const bad = await app.inject({ method: 'GET', url: '/detection/v1/problems?code=lowercase', headers: as('analyst') });
    expect(bad.statusCode).toBe(400);
  });

  it('summarises the rule set, the matcher and the workers', async () => {
    const { app } = await server({ lag: async () => ({ 'halong-detection': 0 }) });
    const res = await app.inject({ method: 'GET', url: '/detection/v1/summary', headers: as('analyst') });
    expect(res.json()).toMatchObject({
      status: { state: 'ready' },
      sources: { ruleDirs: ['/rules'], parseMs: 10, compileMs: 20 },
      rules: { total: 5, rules: 4, correlations: 1, loaded: 3, notLoaded: 2, enabled: 5, disabled: 0 },
      problems: { total: 4, byStage: { parse: 2, compile: 1, pipeline: 1 } },
      matcher: { rules: 2, lastBuild: { rules: 2 } },
      correlations: { loaded: 1 },
      workers: { detection: null, lag: { 'halong-detection': 0 } },
    });
  });

  it('answers 503 HALONG_DETECTION_NOT_READY while the rules load, and the summary says so', async () => {
    const { app } = await server({ parts: undefined, status: { state: 'loading', since: '2026-03-01T10:00:00.000Z' } });
    const rules = await app.inject({ method: 'GET', url: '/detection/v1/rules', headers: as('analyst') });
    expect(rules.statusCode).toBe(503);
    expect(rules.json().error).toMatchObject({ code: 'HALONG_DETECTION_NOT_READY', message: 'the rules are loading (since 2026-03-01T10:00:00.000Z)' });
    const summary = await app.inject({ method: 'GET', url: '/detection/v1/summary', headers: as('analyst') });
    expect(summary.json()).toEqual({ status: { state: 'loading', since: '2026-03-01T10:00:00.000Z' } });
  });

  it('says why when loading failed', async () => {
    const error = { code: 'HALONG_DETECTION_PIPELINE', message: 'cannot load the pipelines /etc/p: unreadable' };
    const { app } = await server({ parts: undefined, status: { state: 'failed', since: '2026-03-01T10:00:00.000Z', error } });
    const res = await app.inject({ method: 'GET', url: '/detection/v1/problems', headers: as('analyst') });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ code: 'HALONG_DETECTION_NOT_READY', message: `loading the rules failed: ${error.message}` });
  });

  it('reaches no route without a decision', async () => {
    const { app, asked } = await server();
    for (const url of ['/detection/v1/rules', `/detection/v1/rules/${RULE_ID}`, '/detection/v1/problems', '/detection/v1/summary']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: as('viewer') })).statusCode).toBe(403);
    }
    expect(asked.every((r) => r.resource.type === 'sigma-rule')).toBe(true);
  });
});

describe('POST /detection/v1/hunts', () => {
  it('is authorised as a search on sigma-rule, and says so when this process has no OpenSearch to hunt in', async () => {
    const { app, asked } = await server();
    const res = await app.inject({ method: 'POST', url: '/detection/v1/hunts', headers: as('analyst'), payload: { rule: RULE_ID, since: '24h' } });
    expect(asked.at(-1)).toMatchObject({ resource: { type: 'sigma-rule' }, action: { name: 'search' } });
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toMatchObject({ code: 'HALONG_DETECTION_HUNT_FAILED', message: 'this process has no OpenSearch to hunt in' });
  });

  it('validates the body before anything runs', async () => {
    const { app } = await server();
    for (const payload of [{ since: '24h' }, { rule: RULE_ID }, { rule: RULE_ID, since: '24h', limit: 0 }, { rule: RULE_ID, since: '24h', limit: 1001 }, { rule: '', since: '24h' }]) {
      const res = await app.inject({ method: 'POST', url: '/detection/v1/hunts', headers: as('analyst'), payload });
      expect(res.statusCode).toBe(400);
    }
    expect((await app.inject({ method: 'POST', url: '/detection/v1/hunts', payload: { rule: RULE_ID, since: '24h' } })).statusCode).toBe(401);
  });
});
