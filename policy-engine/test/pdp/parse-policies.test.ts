import { formatProblem } from '../../src/pdp/errors';
import { parsePolicies, parsePolicySet } from '../../src/pdp/parse-policies';
import { fixture } from './helpers';

const where = (e: { line: number; col: number; code: string; policyId?: string }): string =>
  `${e.line}:${e.col} ${e.code} ${e.policyId ?? '-'}`;

describe('parsePolicies', () => {
  it('reads the example YAML file: a {policies: [...]} document and a single-policy document', () => {
    const { policies, errors } = parsePolicies(fixture('soc-policies.yaml'), 'soc-policies.yaml');
    expect(errors).toEqual([]);
    expect(policies.map((p) => [p.id, p.source?.line])).toEqual([
      ['soc-analysts-read-alerts', 4],
      ['soc-leads-close-cases', 22],
      ['collectors-ship-events', 35],
      ['office-hours-for-contractors', 45],
      ['deny-risky-or-unmanaged', 58],
    ]);
    const first = policies[0]!;
    expect(first).toMatchObject({
      effect: 'allow',
      priority: 10,
      subjects: [{ kind: ['user'], roles: ['analyst', 'soc-lead'], site: ['qn-*'] }],
      resources: [{ type: ['alert'], id: ['alerts/**'] }],
      actions: ['read', 'list', 'comment'],
      reason_user: 'You can read the alerts of your site.',
    });
    expect(first.condition).toContain('ipInCidr(context.ip');
    expect(policies[1]!.obligations).toEqual([{ id: 'step_up_mfa', max_age_seconds: 300 }]);
    expect(policies[1]!.priority).toBe(0);
  });

  it('reads JSON files the same way, with scalars accepted where lists are', () => {
    const { policies, errors } = parsePolicies(fixture('soc-policies.json'), 'soc-policies.json');
    expect(errors).toEqual([]);
    expect(policies[0]).toMatchObject({ id: 'auditors-read-audit-log', subjects: [{ kind: ['user'], roles: ['auditor'] }] });
    expect(policies[1]).toMatchObject({ subjects: [{ claims: { department: ['finance'] } }], source: { file: 'soc-policies.json', line: 11 } });
  });

  it('reports every problem with file, line and column, and still loads the valid policies', () => {
    const { policies, errors } = parsePolicies(fixture('broken-policies.yaml'), 'broken-policies.yaml');
    expect(policies.map((p) => p.id)).toEqual(['good-before', 'good-after']);
    expect(errors.map(where)).toEqual([
      '11:3 HALONG_POLICY_UNKNOWN_KEY unknown-key',
      '17:11 HALONG_POLICY_BAD_EFFECT bad-effect',
      '24:13 HALONG_POLICY_EMPTY_LIST empty-subjects',
      '30:13 HALONG_POLICY_WRONG_TYPE wrong-type',
      // The CEL error points into the block scalar: line 42 is the second line of the condition,
      // column 32 is the second `==`.
      '42:32 HALONG_POLICY_CEL_SYNTAX cel-syntax',
      '43:7 HALONG_POLICY_DUPLICATE_ID good-before',
      '49:3 HALONG_POLICY_MISSING_KEY missing-actions',
      '52:21 HALONG_POLICY_BAD_VALUE missing-actions',
    ]);
    expect(errors.every((e) => e.file === 'broken-policies.yaml')).toBe(true);
    expect(errors[0]!.message).toContain('unknown key "subject"');
    expect(errors[5]!.message).toContain('first defined at broken-policies.yaml:2');
    expect(formatProblem(errors[1]!)).toBe('broken-policies.yaml:17:11: effect must be allow or deny, got "permit" [HALONG_POLICY_BAD_EFFECT]');
  });

  it('maps CEL errors in quoted scalars, including escapes, to the right column', () => {
    const yaml = [
      '- id: q',
      '  description: d',
      '  effect: allow',
      '  subjects: [{kind: user}]',
      '  resources: [{type: alert}]',
      '  actions: [read]',
      '  condition: "subject.id == \\"a\\" && ) "',
    ].join('\n');
    const { errors } = parsePolicies(yaml, 'q.yaml');
    expect(errors).toHaveLength(1);
    const line = yaml.split('\n')[6]!;
    expect(errors[0]).toMatchObject({ code: 'HALONG_POLICY_CEL_SYNTAX', line: 7, col: line.indexOf(')') + 1 });
  });

  it('reports YAML syntax errors and keeps the other documents of the file', () => {
    const yaml = 'id: [unclosed\n---\nid: ok\ndescription: fine\neffect: deny\nsubjects: [{id: "*"}]\nresources: [{type: "*"}]\nactions: ["*"]\n';
    const { policies, errors } = parsePolicies(yaml, 'mixed.yaml');
    expect(policies.map((p) => p.id)).toEqual(['ok']);
    expect(errors[0]).toMatchObject({ code: 'HALONG_POLICY_YAML_SYNTAX', file: 'mixed.yaml' });
  });

  it('validates matchers, ids, obligations and value types', () => {
    const yaml = `
- id: "halong:reserved"
  description: d
  effect: deny
  subjects: [{}, {roles: []}, {claims: {dept: [{a: 1}]}}]
  resources: [{id: "x"}, {type: "alert*"}]
  actions: ["re*d"]
  obligations: [{id: mfa}]
  reason_user: ""
`;
    const { policies, errors } = parsePolicies(yaml, 'bad.yaml');
    expect(policies).toEqual([]);
    const codes = errors.map((e) => `${e.line} ${e.code} ${e.path}`);
    expect(codes).toEqual([
      '2 HALONG_POLICY_BAD_VALUE id',
      '5 HALONG_POLICY_EMPTY_LIST subjects[0]',
      '5 HALONG_POLICY_EMPTY_LIST subjects[1].roles',
      '5 HALONG_POLICY_WRONG_TYPE subjects[2].claims.dept[0]',
      '6 HALONG_POLICY_MISSING_KEY resources[0].type',
      '6 HALONG_POLICY_BAD_VALUE resources[1].type',
      '7 HALONG_POLICY_BAD_VALUE actions',
      '8 HALONG_POLICY_BAD_VALUE obligations',
      '9 HALONG_POLICY_WRONG_TYPE reason_user',
    ]);
  });

  it('reports a document that is not a policy, a list or {policies}', () => {
    expect(parsePolicies('just text', 'x.yaml').errors[0]).toMatchObject({ code: 'HALONG_POLICY_WRONG_TYPE', line: 1, col: 1 });
    expect(parsePolicies('policies: 3', 'x.yaml').errors[0]).toMatchObject({ code: 'HALONG_POLICY_WRONG_TYPE' });
    expect(parsePolicies('', 'empty.yaml')).toEqual({ policies: [], errors: [] });
  });
});

describe('parsePolicySet', () => {
  it('loads several files and finds duplicate ids across them', () => {
    const a = 'id: shared\ndescription: a\neffect: allow\nsubjects: [{kind: user}]\nresources: [{type: alert}]\nactions: [read]\n';
    const { policies, errors } = parsePolicySet([
      { file: 'a.yaml', text: a },
      { file: 'b.yaml', text: `# another team\n${a}` },
      { file: 'soc-policies.json', text: fixture('soc-policies.json') },
    ]);
    expect(policies.map((p) => p.id)).toEqual(['shared', 'auditors-read-audit-log', 'finance-reads-finance-reports']);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'HALONG_POLICY_DUPLICATE_ID', file: 'b.yaml', line: 2, col: 5, message: expect.stringContaining('a.yaml:1') }),
    ]);
  });
});
