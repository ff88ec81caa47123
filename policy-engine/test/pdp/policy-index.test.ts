// The index must never hide a policy that matches: tricky subject keys and resource sites.
import { compilePolicy, spiffeKey } from '../../src/pdp/compile-policy';
import type { DecisionRequest } from '../../src/pdp/decision-types';
import { createPdp } from '../../src/pdp/pdp';
import { buildIndex } from '../../src/pdp/policy-index';
import { subjectFacts } from '../../src/pdp/request-facts';
import { fixedClock, policy } from './helpers';

const workload = (type: 'collector' | 'device' | 'service', id: string, resourceSite?: string): DecisionRequest => ({
  subject: { type, id },
  resource: { type: 'config', id: 'c', properties: resourceSite ? { site: resourceSite } : {} },
  action: { name: 'read' },
});

describe('policy index', () => {
  it('keys SPIFFE patterns by their literal trust domain, kind and site only', () => {
    expect(spiffeKey('spiffe://halong.local/collector/*/*')).toBe('spiffe:halong.local/collector');
    expect(spiffeKey('spiffe://halong.local/collector/qn-01/*')).toBe('spiffe:halong.local/collector/qn-01');
    expect(spiffeKey('spiffe://halong.local/collector/qn-0*/x')).toBe('spiffe:halong.local/collector');
    expect(spiffeKey('spiffe://halong.local/coll*/x')).toBeUndefined();
    expect(spiffeKey('spiffe://*/collector/x')).toBeUndefined();
  });

  it('finds SPIFFE-glob policies for ids with two, three and more segments', () => {
    const pdp = createPdp(
      [
        policy({ id: 'two', subjects: [{ id: ['spiffe://td/service/*'] }], resources: [{ type: ['config'] }] }),
        policy({ id: 'site', subjects: [{ id: ['spiffe://td/device/qn-01/**'] }], resources: [{ type: ['config'] }] }),
        policy({ id: 'prefix', subjects: [{ id: ['spiffe://td/coll*/*/*'] }], resources: [{ type: ['config'] }] }),
      ],
      { clock: fixedClock },
    );
    const ids = (q: DecisionRequest) => pdp.decide(q).reasons.filter((r) => r.kind === 'policy').map((r) => r.policy_id);
    expect(ids(workload('service', 'spiffe://td/service/api'))).toEqual(['two']);
    expect(ids(workload('device', 'spiffe://td/device/qn-01/cam/7'))).toEqual(['site']);
    expect(ids(workload('device', 'spiffe://td/device/qn-02/cam'))).toEqual([]);
    expect(ids(workload('collector', 'spiffe://td/collector-v2/qn-01/x'))).toEqual(['prefix']);
  });

  it('narrows by exact subject and resource sites without hiding site-less or glob-site policies', () => {
    const pdp = createPdp(
      [
        policy({ id: 'exact-sites', subjects: [{ roles: ['analyst'], site: ['qn-01', 'qn-02'] }], resources: [{ type: ['alert'], site: ['qn-01'] }] }),
        policy({ id: 'glob-site', subjects: [{ roles: ['analyst'], site: ['qn-*'] }], resources: [{ type: ['*'], site: ['qn-0*'] }] }),
        policy({ id: 'no-site', subjects: [{ claims: { department: ['soc'] } }], resources: [{ type: ['alert'] }, { type: ['case'], site: ['qn-09'] }] }),
      ],
      { clock: fixedClock },
    );
    const ids = (subjectSite: string, resourceSite: string, type = 'alert') =>
      pdp
        .decide({ subject: { type: 'user', id: 'u', properties: { roles: ['analyst'], site: subjectSite, department: 'soc' } }, resource: { type, id: 'x', properties: { site: resourceSite } }, action: { name: 'read' } })
        .reasons.filter((r) => r.kind === 'policy')
        .map((r) => r.policy_id)
        .sort();
    expect(ids('qn-02', 'qn-01')).toEqual(['exact-sites', 'glob-site', 'no-site']);
    expect(ids('qn-03', 'qn-01')).toEqual(['glob-site', 'no-site']);
    expect(ids('qn-02', 'qn-11')).toEqual(['no-site']);
    expect(ids('qn-02', 'qn-09', 'case')).toEqual(['glob-site', 'no-site']);
    expect(ids('qn-02', 'qn-08', 'case')).toEqual(['glob-site']);
  });

  it('offers only policies whose subject key the request has', () => {
    const compiled = [
      policy({ id: 'r', subjects: [{ roles: ['analyst'] }] }),
      policy({ id: 'g', subjects: [{ groups: ['soc'] }] }),
      policy({ id: 'k', subjects: [{ kind: ['service'] }] }),
      policy({ id: 'all', subjects: [{ id: ['*'] }] }),
    ].map((p, i) => compilePolicy(p, i));
    const index = buildIndex(compiled);
    const s = subjectFacts({ type: 'user', id: 'alice', properties: { roles: ['analyst'] } });
    expect(index.candidates('alert', 'read', index.subjectKeys(s), '').map((p) => p.id).sort()).toEqual(['all', 'r']);
    expect(index.candidates('unknown-type', 'read', index.subjectKeys(s), '')).toEqual([]);
  });
});
