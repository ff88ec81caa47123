import { PolicySetInvalidError } from '../../src/pdp/errors';
import { DEFAULT_POLICY_SOURCES } from '../../src/service/default-policies';
import { createPolicyAdministrator } from '../../src/service/policy-administrator';
import { createMemoryControl } from '../support/memory-control';

const NOW = new Date('2026-11-23T08:00:00.000Z');
const provider = { riskOf: () => 0, quarantine: () => undefined };
const ADMIN = { subject: { type: 'user' as const, id: 'alice', properties: { roles: ['admin'] } }, resource: { type: 'policy', id: 'x' }, action: { name: 'update' } };
const ONLY_ANALYSTS = `policies:
  - id: analysts
    description: analysts read alerts
    effect: allow
    subjects: [{ kind: user, roles: [analyst] }]
    resources: [{ type: alert }]
    actions: [read]
`;

describe('policy administrator', () => {
  it('publishes the default set as version 1 on an empty topic, and admins may administer', async () => {
    const control = createMemoryControl(() => NOW);
    const admin = await createPolicyAdministrator({ control, clock: () => NOW, provider, initialSources: DEFAULT_POLICY_SOURCES });
    expect(admin.current()).toMatchObject({ version: 1, author: 'halong' });
    expect(control.sets.map((r) => `${r.kind}:${r.id}`)).toEqual(['policy_version:1']);
    expect(admin.pdp().decide(ADMIN).decision).toBe(true);
  });

  it('applies a published version at once, and a second process follows it from the topic', async () => {
    const control = createMemoryControl(() => NOW);
    const one = await createPolicyAdministrator({ control, clock: () => NOW, provider, initialSources: DEFAULT_POLICY_SOURCES });
    const two = await createPolicyAdministrator({ control, clock: () => NOW, provider, initialSources: [] });
    expect(two.current().version).toBe(1);
    const v2 = await one.publish({ sources: [{ file: 'p.yaml', text: ONLY_ANALYSTS }], author: 'alice', message: 'lock down' });
    expect(v2).toMatchObject({ version: 2, author: 'alice', message: 'lock down' });
    for (const a of [one, two]) {
      expect(a.pdp().version).toBe('v2');
      expect(a.pdp().decide(ADMIN).decision).toBe(false);
    }
    await two.rollback(1, 'bob');
    expect(one.current()).toMatchObject({ version: 3, rollbackOf: 1 });
    expect(one.pdp().decide(ADMIN).decision).toBe(true);
    expect(one.history().map((v) => v.author)).toEqual(['halong', 'alice', 'bob']);
  });

  it('rejects an invalid set with line-numbered problems and keeps the current version', async () => {
    const control = createMemoryControl(() => NOW);
    const admin = await createPolicyAdministrator({ control, clock: () => NOW, provider, initialSources: DEFAULT_POLICY_SOURCES });
    const bad = 'policies:\n  - id: x\n    effect: maybe\n';
    await expect(admin.publish({ sources: [{ file: 'bad.yaml', text: bad }], author: 'alice' })).rejects.toThrow(PolicySetInvalidError);
    expect(admin.current().version).toBe(1);
  });

  it('does not keep a version the control topic did not take', async () => {
    const control = createMemoryControl(() => NOW);
    const admin = await createPolicyAdministrator({ control, clock: () => NOW, provider, initialSources: DEFAULT_POLICY_SOURCES });
    control.failNextSet = new Error('kafka down');
    await expect(admin.publish({ sources: [{ file: 'p.yaml', text: ONLY_ANALYSTS }], author: 'alice' })).rejects.toThrow('kafka down');
    expect(admin.current().version).toBe(1);
    expect(admin.pdp().version).toBe('v1');
    const v2 = await admin.publish({ sources: [{ file: 'p.yaml', text: ONLY_ANALYSTS }], author: 'alice' });
    expect(v2.version).toBe(2);
  });
});
