import { createMemoryCatalog, policyLiterals } from '../../src/authzen';
import { PolicyOptionError } from '../../src/pdp';
import { load, policy } from '../pdp/helpers';
import { SEARCH_POLICIES } from './helpers';

const decision = (subject: string, resource: string, action = 'read', props: Record<string, unknown> = {}) => ({
  subject: { type: 'user' as const, id: subject, properties: props },
  resource: { type: 'alert', id: resource },
  action: { name: action },
});

describe('policyLiterals', () => {
  it('lists ids without globs, with the kind from the matcher or the SPIFFE id, and a single literal site', () => {
    expect(policyLiterals(load(SEARCH_POLICIES))).toEqual({
      subjects: [
        { type: 'user', id: 'bob' },
        { type: 'collector', id: 'spiffe://halong.local/collector/qn-01/c1' },
      ],
      resources: [{ type: 'ca', id: 'root', properties: { site: 'hq' } }],
      actions: ['read', 'list', 'rotate', 'write'],
    });
  });

  it('skips what it would have to guess: ids of unknown kind, wildcard types, several sites', () => {
    const literals = policyLiterals([
      policy({ id: 'p1', subjects: [{ id: ['carol'] }, { kind: ['user', 'service'], id: ['svc-or-user', 'glob-?'] }] }),
      policy({ id: 'p2', resources: [{ type: ['*'], id: ['x'] }, { type: ['host'], id: ['h1', 'h*'], site: ['a', 'b'] }], actions: ['*'] }),
    ]);
    expect(literals.subjects).toEqual([
      { type: 'user', id: 'svc-or-user' },
      { type: 'service', id: 'svc-or-user' },
    ]);
    expect(literals.resources).toEqual([{ type: 'host', id: 'h1' }]);
    expect(literals.actions).toEqual(['read']);
  });
});

describe('createMemoryCatalog', () => {
  it('learns subjects, resources and actions from decisions, keyed by type', () => {
    const catalog = createMemoryCatalog();
    catalog.observe(decision('alice', 'alerts/1', 'read', { roles: ['analyst'] }));
    catalog.observe({ ...decision('c1', 'events/1', 'write'), subject: { type: 'collector', id: 'c1' }, resource: { type: 'events', id: 'events/1' } });
    expect([...catalog.subjects('user')]).toEqual([{ type: 'user', id: 'alice', properties: { roles: ['analyst'] } }]);
    expect([...catalog.subjects('collector')]).toEqual([{ type: 'collector', id: 'c1' }]);
    expect([...catalog.resources('alert')]).toEqual([{ type: 'alert', id: 'alerts/1' }]);
    expect([...catalog.resources('case')]).toEqual([]);
    expect([...catalog.actions()]).toEqual(['read', 'write']);
    expect(catalog.size).toEqual({ subjects: 2, resources: 2, actions: 2 });
  });

  it('refreshes properties in place, so the order pages rely on does not move', () => {
    const catalog = createMemoryCatalog();
    catalog.observe(decision('alice', 'alerts/1', 'read', { roles: ['analyst'] }));
    catalog.observe(decision('bob', 'alerts/2'));
    catalog.observe(decision('alice', 'alerts/1', 'read', { roles: ['soc-lead'] }));
    expect([...catalog.subjects('user')]).toEqual([
      { type: 'user', id: 'alice', properties: { roles: ['soc-lead'] } },
      { type: 'user', id: 'bob', properties: {} },
    ]);
  });

  it('copies what it stores, so a caller mutating its request later changes nothing', () => {
    const catalog = createMemoryCatalog();
    const d = decision('alice', 'alerts/1', 'read', { roles: ['analyst'] });
    catalog.observe(d);
    d.subject.properties['roles'] = ['admin'];
    expect([...catalog.subjects('user')][0]!.properties).toEqual({ roles: ['analyst'] });
  });

  it('never lets a policy literal overwrite properties learnt from a decision', () => {
    const catalog = createMemoryCatalog();
    catalog.addResource({ type: 'ca', id: 'root', properties: { site: 'hq', owner: 'pki-team' } });
    catalog.addPolicies(load(SEARCH_POLICIES));
    expect([...catalog.resources('ca')]).toEqual([{ type: 'ca', id: 'root', properties: { site: 'hq', owner: 'pki-team' } }]);
    expect([...catalog.subjects('user')]).toEqual([{ type: 'user', id: 'bob' }]);
  });

  it('stays within its bounds, dropping the oldest entries first', () => {
    const catalog = createMemoryCatalog({ maxSubjects: 2, maxResources: 3, maxActions: 2 });
    for (let i = 1; i <= 5; i++) catalog.observe(decision(`u${i}`, `alerts/${i}`, `a${i}`));
    expect([...catalog.subjects('user')].map((s) => s.id)).toEqual(['u4', 'u5']);
    expect([...catalog.resources('alert')].map((r) => r.id)).toEqual(['alerts/3', 'alerts/4', 'alerts/5']);
    expect([...catalog.actions()]).toEqual(['a4', 'a5']);
    expect(catalog.size).toEqual({ subjects: 2, resources: 3, actions: 2 });
  });

  it('drops a type once its last entity is evicted', () => {
    const catalog = createMemoryCatalog({ maxResources: 1 });
    catalog.addResource({ type: 'case', id: 'c1' });
    catalog.addResource({ type: 'alert', id: 'a1' });
    expect([...catalog.resources('case')]).toEqual([]);
    expect([...catalog.resources('alert')]).toEqual([{ type: 'alert', id: 'a1' }]);
  });

  it.each([
    [{ maxSubjects: 0 }, 'maxSubjects must be a positive integer, got 0'],
    [{ maxResources: 1.5 }, 'maxResources must be a positive integer, got 1.5'],
    [{ maxActions: -1 }, 'maxActions must be a positive integer, got -1'],
  ])('refuses bounds that are not positive integers: %j', (options, message) => {
    expect(() => createMemoryCatalog(options)).toThrow(PolicyOptionError);
    expect(() => createMemoryCatalog(options)).toThrow(message);
  });
});
