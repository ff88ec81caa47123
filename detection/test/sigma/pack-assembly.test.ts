import { applyFilter, logsourceCovers } from '../../src/sigma/apply-filter';
import { assembleRulePack } from '../../src/sigma/pack-assembly';
import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { SigmaFilter, SigmaRule } from '../../src/sigma/types';

const rule = (name: string, extra = '') => `title: ${name}\nname: ${name}\n${extra}logsource:\n    product: windows\ndetection:\n    selection:\n        a: 1\n    condition: selection`;
const correlation = (name: string, rules: string[], extra = '') =>
  `title: ${name}\nname: ${name}\ncorrelation:\n    type: temporal\n    rules: [${rules.join(', ')}]\n    group-by: [User]\n    timespan: 5m\n${extra}`;
const pack = (...docs: string[]) => assembleRulePack(docs.map((text, i) => parseSigmaFile(text, `f${i}.yml`)));
const messages = (p: ReturnType<typeof pack>) => p.problems.map((x) => `${x.severity} ${x.source.file} ${x.message}`);

describe('assembleRulePack', () => {
  it('keeps the first of two documents with the same name', () => {
    const p = pack(rule('a'), rule('a'));
    expect(p.rules).toHaveLength(1);
    expect(messages(p)).toEqual(["error f1.yml duplicate name 'a' (already used by f0.yml:1); this document is not loaded"]);
  });

  it('drops correlations in a reference cycle and those that depend on them', () => {
    const p = pack(rule('r'), correlation('c1', ['c2']), correlation('c2', ['c1', 'r']), correlation('c3', ['c2']), correlation('ok', ['r']));
    expect(p.correlations.map((c) => c.name)).toEqual(['ok']);
    expect(messages(p)).toEqual([
      "error f1.yml correlation c1 refers to itself through a chain of correlations",
      "error f2.yml correlation c2 refers to itself through a chain of correlations",
      "error f3.yml correlation refers to 'c2', which is not loaded",
    ]);
  });

  it('checks that alias keys name correlated rules', () => {
    const aliases = '    aliases:\n        ip:\n            r: source.ip\n            stranger: dest.ip\n';
    const p = pack(rule('r'), rule('s'), correlation('c', ['r', 's'], aliases));
    expect(p.correlations).toHaveLength(0);
    expect(messages(p)).toEqual(["error f2.yml alias 'ip' names 'stranger', not among the correlated rules"]);
  });

  it('reports filters aimed at missing rules or at correlations', () => {
    const filter = 'title: f\nlogsource:\n    product: windows\nfilter:\n    rules: [c, ghost]\n    selection:\n        User: admin\n    condition: selection';
    const p = pack(rule('r'), correlation('c', ['r']), filter);
    expect(messages(p)).toEqual([
      "warning f2.yml filter target 'c' is a correlation (filters apply to detection rules only); nothing to filter",
      "warning f2.yml filter target 'ghost' is not loaded; nothing to filter",
    ]);
  });

  it('warns when a filter condition is negated (pySigma-style filters)', () => {
    const filter = 'title: f\nlogsource:\n    product: windows\nfilter:\n    rules: [r]\n    selection:\n        User: admin\n    condition: not selection';
    const p = pack(rule('r'), filter);
    expect(p.filters).toHaveLength(1);
    expect(p.problems.map((x) => [x.severity, x.code, x.source.line])).toEqual([['warning', 'HALONG_SIGMA_CONDITION', 8]]);
  });
});

describe('applyFilter', () => {
  const parseOne = <T>(text: string): T => parseSigmaFile(text, 'x.yml').documents[0] as T;
  const filter = parseOne<SigmaFilter>('title: f\nlogsource:\n    product: windows\nfilter:\n    rules: [r]\n    sel:\n        User: admin\n    other:\n        User: root\n    condition: 1 of them');
  const base = parseOne<SigmaRule>('title: r\nlogsource: {}\ndetection:\n    selection:\n        a: 1\n    condition: selection');

  it("renames the filter's identifiers so they cannot collide with the rule's", () => {
    const selection = base.detection.searches.selection;
    if (!selection) throw new Error('no selection');
    // A rule that already uses the name the filter would get.
    const clash: SigmaRule = { ...base, detection: { ...base.detection, searches: { ...base.detection.searches, 'filter:f:sel': selection } } };
    const out = applyFilter(clash, filter, 'f');
    expect(Object.keys(out.detection.searches)).toEqual(['selection', 'filter:f:sel', 'filter:f:sel:2', 'filter:f:other']);
    expect(out.detection.condition).toEqual({
      kind: 'and',
      children: [{ kind: 'ref', name: 'selection' }, { kind: 'not', child: { kind: 'of', count: 1, names: ['filter:f:sel:2', 'filter:f:other'] } }],
    });
    expect(clash.detection.condition).toEqual({ kind: 'ref', name: 'selection' });
  });

  it('matches logsources like pySigma: every field the filter sets must be equal', () => {
    expect(logsourceCovers({ product: 'windows' }, { category: 'process_creation', product: 'windows' })).toBe(true);
    expect(logsourceCovers({ category: 'process_creation', product: 'windows' }, { product: 'windows' })).toBe(false);
    expect(logsourceCovers({}, { product: 'linux' })).toBe(true);
  });
});
