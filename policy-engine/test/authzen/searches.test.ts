import type { AuthzenEntity } from '@halong/core';
import type { AuthzenCatalog, AuthzenResourceSearchRequest, AuthzenSearchResponse } from '../../src/authzen';
import { AuthzenError, createAuthzenEvaluator, createMemoryCatalog } from '../../src/authzen';
import { fixedClock, load } from '../pdp/helpers';
import { counted, evaluatorFor, SEARCH_POLICIES, searchPdp } from './helpers';

const ALERTS: [string, string][] = [
  ['alerts/qn-01/1', 'qn-01'],
  ['alerts/qn-02/2', 'qn-02'],
  ['alerts/qn-01/3', 'qn-01'],
  ['alerts/archive/4', 'qn-01'],
  ['alerts/qn-01/5', 'qn-01'],
  ['alerts/qn-01/6', 'qn-01'],
  ['alerts/qn-03/7', 'qn-03'],
  ['alerts/qn-01/8', 'qn-01'],
];
const ALLOWED_FOR_ALICE = ['alerts/qn-01/1', 'alerts/qn-01/3', 'alerts/qn-01/5', 'alerts/qn-01/6', 'alerts/qn-01/8'];

const alice = { type: 'user', id: 'alice', properties: { roles: ['analyst'], site: 'qn-01' } };

function catalogue() {
  const catalog = createMemoryCatalog();
  catalog.addPolicies(load(SEARCH_POLICIES, 'search-policies.yaml'));
  for (const [id, site] of ALERTS) catalog.addResource({ type: 'alert', id, properties: { site } });
  catalog.addSubject(alice);
  catalog.addSubject({ type: 'user', id: 'bob', properties: { roles: ['analyst'], site: 'qn-02' } });
  catalog.addSubject({ type: 'user', id: 'chi', properties: { roles: ['analyst'], site: 'qn-01' } });
  catalog.addSubject({ type: 'user', id: 'dung', properties: { roles: ['viewer'], site: 'qn-01' } });
  catalog.addSubject({ type: 'user', id: 'eve', properties: { roles: ['analyst'], site: 'qn-01' } });
  return catalog;
}

const aliceAlerts = (page?: AuthzenResourceSearchRequest['page']): AuthzenResourceSearchRequest => ({
  subject: alice,
  action: { name: 'read' },
  resource: { type: 'alert' },
  ...(page ? { page } : {}),
});

const ids = (r: AuthzenSearchResponse<{ id: string }>): string[] => r.results.map((x) => x.id);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('resource search', () => {
  it('returns the catalogue resources the PDP allows, without their properties, and logs no decision', () => {
    const { evaluator, decisions } = evaluatorFor(searchPdp(), catalogue());
    expect(evaluator.searchResources(aliceAlerts())).toEqual({
      page: { next_token: '', count: 5 },
      context: { policy_version: 's1' },
      results: ALLOWED_FOR_ALICE.map((id) => ({ type: 'alert', id })),
    });
    expect(decisions).toEqual([]);
  });

  it('returns results that an evaluation then allows', () => {
    const catalog = catalogue();
    const { evaluator } = evaluatorFor(searchPdp(), catalog);
    for (const r of evaluator.searchResources(aliceAlerts()).results) {
      const resource = [...catalog.resources('alert')].find((c) => c.id === r.id)!;
      expect(evaluator.evaluate({ subject: alice, action: { name: 'read' }, resource }).decision).toBe(true);
    }
  });

  it('pages with opaque tokens until next_token is empty, deciding each candidate about once', () => {
    const pdp = counted(searchPdp());
    const { evaluator } = evaluatorFor(pdp, catalogue());
    const first = evaluator.searchResources(aliceAlerts({ limit: 2 }));
    expect(first.page).toEqual({ next_token: expect.stringMatching(/^[A-Za-z0-9_-]+$/), count: 2 });
    expect(ids(first)).toEqual(ALLOWED_FOR_ALICE.slice(0, 2));
    const second = evaluator.searchResources(aliceAlerts({ limit: 2, token: first.page!.next_token }));
    expect(ids(second)).toEqual(ALLOWED_FOR_ALICE.slice(2, 4));
    const third = evaluator.searchResources(aliceAlerts({ limit: 2, token: second.page!.next_token }));
    expect(third.page).toEqual({ next_token: '', count: 1 });
    expect(ids(third)).toEqual(ALLOWED_FOR_ALICE.slice(4));
    // 8 candidates, plus the one allowed candidate that ends each full page being decided again on the next.
    expect(pdp.decide).toHaveBeenCalledTimes(10);
  });

  it('accepts the same request with its keys in another order', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const first = evaluator.searchResources(aliceAlerts({ limit: 2 }));
    const reordered = {
      page: { token: first.page!.next_token, limit: 2 },
      resource: { type: 'alert' },
      action: { name: 'read' },
      subject: { properties: { site: 'qn-01', roles: ['analyst'] }, id: 'alice', type: 'user' },
    };
    expect(ids(evaluator.searchResources(reordered))).toEqual(ALLOWED_FOR_ALICE.slice(2, 4));
  });

  it.each([
    ['the limit', { limit: 3 }, {}],
    ['the context', { limit: 2 }, { context: { ip: '10.0.0.1' } }],
    ['the action', { limit: 2 }, { action: { name: 'list' } }],
  ])('refuses a token when %s changed mid-pagination', (_name, page, change) => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const token = evaluator.searchResources(aliceAlerts({ limit: 2 })).page!.next_token;
    const err = thrown(() => evaluator.searchResources({ ...aliceAlerts({ ...page, token }), ...change }));
    expect(err).toBeInstanceOf(AuthzenError);
    expect(err).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_PAGE_TOKEN', statusCode: 400, message: expect.stringContaining('belongs to another search') });
  });

  it('refuses a token it did not issue', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    expect(thrown(() => evaluator.searchResources(aliceAlerts({ token: 'bm90LWEtdG9rZW4' })))).toMatchObject({
      code: 'HALONG_AUTHZEN_INVALID_PAGE_TOKEN',
      message: 'page.token is not a token this PDP issued',
    });
  });

  it('uses 100 results per page by default and never more than 1000', () => {
    const catalog = createMemoryCatalog();
    for (let i = 0; i < 1200; i++) catalog.addResource({ type: 'alert', id: `alerts/qn-01/${i}`, properties: { site: 'qn-01' } });
    const { evaluator } = evaluatorFor(searchPdp(), catalog);
    expect(evaluator.searchResources(aliceAlerts()).page!.count).toBe(100);
    const big = evaluator.searchResources(aliceAlerts({ limit: 5000 }));
    expect(big.page!.count).toBe(1000);
    expect(big.page!.next_token).not.toBe('');
    const rest = evaluator.searchResources(aliceAlerts({ limit: 5000, token: big.page!.next_token }));
    expect(rest.page).toEqual({ next_token: '', count: 200 });
    expect(rest.results[0]!.id).toBe('alerts/qn-01/1000');
  });

  it('stops a page when the scan budget is spent and hands out a token to go on', () => {
    const catalog = catalogue();
    const pdp = counted(searchPdp());
    const evaluator = createAuthzenEvaluator({ pdp: () => pdp, clock: fixedClock, catalog, maxScan: 2 });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const calls = pdp.decide.mock.calls.length;
      const page = evaluator.searchResources(aliceAlerts({ limit: 10, ...(token ? { token } : {}) }));
      expect(pdp.decide.mock.calls.length - calls).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      token = page.page!.next_token || undefined;
      pages++;
    } while (token);
    expect(seen).toEqual(ALLOWED_FOR_ALICE);
    expect(pages).toBe(4);
  });

  it('answers limit 0 with no results and a token when allowed results exist', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const page = evaluator.searchResources(aliceAlerts({ limit: 0 }));
    expect(page.results).toEqual([]);
    expect(page.page!.count).toBe(0);
    expect(page.page!.next_token).not.toBe('');
  });

  it('ignores catalogue entries of another type and entries the PDP cannot judge', () => {
    const odd: AuthzenCatalog = {
      subjects: () => [{ type: 'robot', id: 'r2' }, { type: 'user', id: '' }, alice],
      resources: () => [{ type: 'case', id: 'alerts/qn-01/1' }, { type: 'alert', id: 'alerts/qn-01/9', properties: { site: 'qn-01' } }],
      actions: () => [],
    };
    const { evaluator } = evaluatorFor(searchPdp(), odd);
    expect(ids(evaluator.searchResources(aliceAlerts()))).toEqual(['alerts/qn-01/9']);
    const oddSubjects = evaluator.searchSubjects({ subject: { type: 'user' }, action: { name: 'read' }, resource: { type: 'alert', id: 'alerts/qn-01/1', properties: { site: 'qn-01' } } });
    expect(ids(oddSubjects)).toEqual(['alice']);
  });
});

describe('subject search', () => {
  it('returns the subjects of the asked type that may act on the resource, ignoring any subject id', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const response = evaluator.searchSubjects({
      subject: { type: 'user', id: 'ignored' },
      action: { name: 'read' },
      resource: { type: 'alert', id: 'alerts/qn-01/1', properties: { site: 'qn-01' } },
    });
    expect(response).toEqual({
      page: { next_token: '', count: 3 },
      context: { policy_version: 's1' },
      results: [
        { type: 'user', id: 'alice' },
        { type: 'user', id: 'chi' },
        { type: 'user', id: 'eve' },
      ],
    });
  });

  it('finds workloads that policies name literally', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const response = evaluator.searchSubjects({ subject: { type: 'collector' }, action: { name: 'write' }, resource: { type: 'events', id: 'events/syslog' } });
    expect(response.results).toEqual([{ type: 'collector', id: 'spiffe://halong.local/collector/qn-01/c1' }]);
  });

  it('refuses a subject type the PDP does not know, and a missing one', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const resource = { type: 'alert', id: 'alerts/qn-01/1' };
    expect(thrown(() => evaluator.searchSubjects({ subject: { type: 'robot' }, action: { name: 'read' }, resource }))).toMatchObject({
      code: 'HALONG_AUTHZEN_INVALID_REQUEST',
      message: 'subject.type must be one of user, collector, device, service, got "robot"',
    });
    const missing = { subject: {}, action: { name: 'read' }, resource } as unknown as Parameters<typeof evaluator.searchSubjects>[0];
    expect(thrown(() => evaluator.searchSubjects(missing))).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'subject.type is required' });
  });
});

describe('action search', () => {
  it('returns the catalogue actions the subject may perform on the resource', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const resource = { type: 'alert', id: 'alerts/qn-01/1', properties: { site: 'qn-01' } };
    expect(evaluator.searchActions({ subject: alice, resource })).toEqual({
      page: { next_token: '', count: 2 },
      context: { policy_version: 's1' },
      results: [{ name: 'read' }, { name: 'list' }],
    });
    expect(evaluator.searchActions({ subject: alice, resource: { type: 'alert', id: 'alerts/archive/1', properties: { site: 'qn-01' } } }).results).toEqual([]);
  });

  it('uses what policies name literally: bob may rotate the root CA of site hq', () => {
    const { evaluator } = evaluatorFor(searchPdp(), catalogue());
    const bob: AuthzenEntity = { type: 'user', id: 'bob' };
    expect(evaluator.searchActions({ subject: bob, resource: { type: 'ca', id: 'root', properties: { site: 'hq' } } }).results).toEqual([{ name: 'rotate' }]);
    expect(evaluator.searchResources({ subject: bob, action: { name: 'rotate' }, resource: { type: 'ca' } }).results).toEqual([{ type: 'ca', id: 'root' }]);
  });
});

describe('searches without a catalogue', () => {
  it('are unavailable and say so', () => {
    const { evaluator } = evaluatorFor(searchPdp());
    expect(evaluator.searchable).toBe(false);
    expect(thrown(() => evaluator.searchResources(aliceAlerts()))).toMatchObject({ code: 'HALONG_AUTHZEN_SEARCH_UNAVAILABLE', statusCode: 501 });
  });
});
