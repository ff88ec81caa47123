import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { SigmaRule } from '../../src/sigma/types';

const rules = (text: string): SigmaRule[] => parseSigmaFile(text, 'col.yml').documents.filter((d): d is SigmaRule => d.type === 'rule');

// Specification 1.x "Rule Collections": the Security 4688 / Sysmon 1 example.
const COLLECTION = `action: global
title: Whoami Execution
status: test
detection:
    selection:
        CommandLine|contains: whoami
    condition: selection and event
level: high
---
id: 11111111-0000-4000-8000-000000000001
logsource:
    product: windows
    service: security
detection:
    event:
        EventID: 4688
---
action: repeat
id: 11111111-0000-4000-8000-000000000002
logsource:
    service: sysmon
detection:
    event:
        EventID: 1
---
action: reset
---
title: Standalone
id: 11111111-0000-4000-8000-000000000003
logsource:
    product: linux
detection:
    s:
        a: 1
    condition: s
`;

describe('rule collections (action: global / repeat / reset)', () => {
  it('merges the global document into the following rules, repeats the previous rule and resets', () => {
    const { documents, problems } = parseSigmaFile(COLLECTION, 'col.yml');
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.id, d.title, d.level])).toEqual([
      ['11111111-0000-4000-8000-000000000001', 'Whoami Execution', 'high'],
      ['11111111-0000-4000-8000-000000000002', 'Whoami Execution', 'high'],
      ['11111111-0000-4000-8000-000000000003', 'Standalone', undefined],
    ]);
    const [security, sysmon] = documents as SigmaRule[];
    expect(security?.logsource).toEqual({ product: 'windows', service: 'security' });
    expect(sysmon?.logsource).toEqual({ product: 'windows', service: 'sysmon' });
    expect(Object.keys(security?.detection.searches ?? {})).toEqual(['event', 'selection']);
    expect(sysmon?.detection.searches.event).toMatchObject({ alternatives: [[{ field: 'EventID', tests: [{ kind: 'number', value: 1 }] }]] });
    expect(sysmon?.source.line).toBe(18);
  });

  it('accumulates several global documents ("Multiple global action documents are accumulated")', () => {
    const text = 'action: global\ntitle: t\n---\naction: global\nlogsource:\n    product: x\n---\ndetection:\n    s:\n        a: 1\n    condition: s';
    expect(rules(text).map((r) => [r.title, r.logsource.product])).toEqual([['t', 'x']]);
  });

  it('lets the global document win on conflicting values, like pySigma and sigmac', () => {
    const text = 'action: global\nlevel: high\n---\ntitle: t\nlevel: low\nlogsource: {}\ndetection:\n    s:\n        a: 1\n    condition: s';
    expect(rules(text)[0]?.level).toBe('high');
  });

  it('reports a repeat without a previous rule and unknown actions', () => {
    const { problems } = parseSigmaFile('action: repeat\ntitle: x\n---\naction: include\n', 'a.yml');
    expect(problems.map((p) => [p.message, p.source.line])).toEqual([
      ["'action: repeat' needs a rule document before it", 1],
      ["unknown collection action string 'include' (expected global, reset or repeat)", 4],
    ]);
  });
});

describe('broken documents', () => {
  it('reports a YAML error with its line and still loads the other documents', () => {
    const text = 'title: ok\nlogsource: {}\ndetection:\n    s:\n        a: 1\n    condition: s\n---\ntitle: broken\nid: 11111111-0000-4000-8000-00000000000b\ndetection: [\n---\ntitle: ok2\nlogsource: {}\ndetection:\n    s:\n        a: 1\n    condition: s\n';
    const { documents, problems } = parseSigmaFile(text, 'b.yml');
    expect(documents.map((d) => d.title)).toEqual(['ok', 'ok2']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'HALONG_SIGMA_YAML', severity: 'error', ruleId: '11111111-0000-4000-8000-00000000000b', source: { file: 'b.yml' } });
    expect(problems[0]?.source.line).toBe(11);
    expect(problems[0]?.message).toBe('YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  it('reports duplicate keys (a YAML error) instead of silently keeping one', () => {
    const { documents, problems } = parseSigmaFile('title: a\ntitle: b\nlogsource: {}\ndetection:\n    s:\n        a: 1\n    condition: s', 'd.yml');
    expect(documents).toHaveLength(0);
    expect(problems[0]).toMatchObject({ code: 'HALONG_SIGMA_YAML', source: { line: 2 } });
  });

  it('stops the rules that depend on a broken global document', () => {
    const text = 'action: global\ntitle: [\n---\nlogsource: {}\ndetection:\n    s:\n        a: 1\n    condition: s\n';
    const { documents, problems } = parseSigmaFile(text, 'g.yml');
    expect(documents).toHaveLength(0);
    expect(problems.map((p) => p.code)).toContain('HALONG_SIGMA_YAML');
    expect(problems.at(-1)?.message).toBe("this document depends on the broken 'action: global' document at line 1");
  });

  it('refuses documents that are not maps or mix kinds', () => {
    expect(parseSigmaFile('- a\n- b', 'l.yml').problems.map((p) => p.message)).toEqual(['a Sigma document must be a map of attributes, not a list']);
    const mixed = parseSigmaFile('title: t\ncorrelation: {}\nfilter: {}', 'm.yml');
    expect(mixed.problems.map((p) => p.message)).toEqual(["a document is one rule, correlation or filter, but this one has 'correlation' and 'filter'"]);
  });

  it('ignores empty documents', () => {
    expect(parseSigmaFile('---\n---\n', 'e.yml')).toEqual({ documents: [], problems: [] });
  });
});
