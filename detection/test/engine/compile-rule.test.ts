import type { ValueTest } from '../../src/sigma/types';
import { compileRule, isSigmaProblem } from '../../src/engine';
import { planOf } from '../../src/engine/compile-rule';
import { and, compile, contains, endswith, field, keywords, mapping, maps, not, num, of, or, re, ref, rule, str } from './ir';

const winMapping = mapping({
  key: 'windows/process_creation',
  fields: { Image: ['process.executable'], CommandLine: ['process.command_line'], EventID: ['event.code'], Unmapped: [] },
});

describe('compileRule', () => {
  it('compiles to a CompiledRule bound to the mapping key, reading ECS paths', () => {
    const r = rule({ sel: maps([field('Image', endswith('\\cmd.exe')), field('CommandLine', contains('/c'))]) });
    const c = compile(r, winMapping);
    expect(c.rule).toBe(r);
    expect(c.logsourceKey).toBe('windows/process_creation');
    expect(c.fields.sort()).toEqual(['process.command_line', 'process.executable']);
    expect(c.matches({ process: { executable: 'C:\\Windows\\cmd.exe', command_line: 'cmd /c whoami' } })).toBe(true);
    expect(c.matches({ Image: 'C:\\Windows\\cmd.exe', CommandLine: 'cmd /c whoami' })).toBe(false);
  });

  it('lists only fields of searches the condition uses', () => {
    const r = rule({ sel: maps([field('Image', str('a'))]), unused: maps([field('CommandLine', str('b'))]) });
    expect(compile(r, winMapping).fields).toEqual(['process.executable']);
  });

  it('reports a field the pipeline maps nowhere as HALONG_SIGMA_MAPPING, naming the field', () => {
    const result = compileRule(rule({ sel: maps([field('Unmapped', str('x'))]) }), winMapping);
    expect(isSigmaProblem(result)).toBe(true);
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_MAPPING');
    expect(isSigmaProblem(result) && result.message).toContain('Unmapped');
    expect(isSigmaProblem(result) && result.ruleId).toBe('rule-1');
    expect(isSigmaProblem(result) && result.source.file).toBe('rule-1.yml');
  });

  it('searches keywords in the mapping keyword fields when it has some', () => {
    const m = mapping({ keywordFields: ['message'] });
    const c = compile(rule({ kw: keywords([contains('mimikatz')]) }, ref('kw')), m);
    expect(c.matches({ message: 'MIMIKATZ here' })).toBe(true);
    expect(c.matches({ other: 'mimikatz here' })).toBe(false);
    expect(c.fields).toEqual(['message']);
  });

  it('refuses null, exists and fieldref in a full-text keyword search', () => {
    const nullKeyword: ValueTest = { kind: 'null' };
    const result = compileRule(rule({ kw: keywords([nullKeyword]) }, ref('kw')), mapping());
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_UNSUPPORTED');
  });

  it('turns an unexpected compiler failure into a problem for that rule only', () => {
    const broken = rule({ sel: maps([field('a', { kind: 'mystery' } as unknown as ValueTest)]) });
    const result = compileRule(broken, mapping());
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_UNSUPPORTED');
  });
});

describe('prefilter clause (requirements derived from the condition)', () => {
  const clauseOf = (r: ReturnType<typeof rule>) => {
    const clause = planOf(compile(r, winMapping))!.clause;
    return clause === null ? null : clause.map((a) => `${a.kind}:${a.path}:${a.text}`).sort();
  };

  it('takes the most selective required literal of an AND', () => {
    const r = rule({ sel: maps([field('Image', endswith('\\rundll32.exe')), field('CommandLine', contains('ab'))]) });
    expect(clauseOf(r)).toEqual(['sub:process.executable:\\rundll32.exe']);
  });

  it('uses exact values as eq atoms, numbers in canonical form', () => {
    expect(clauseOf(rule({ sel: maps([field('EventID', [num(4688), num(4689.0)])]) }))).toEqual(['eq:event.code:4688', 'eq:event.code:4689']);
    expect(clauseOf(rule({ sel: maps([field('Image', str('C:\\X.EXE'))]) }))).toEqual(['eq:process.executable:c:\\x.exe']);
  });

  it('an OR needs a literal in every branch', () => {
    const both = rule({ a: maps([field('Image', endswith('\\a.exe'))]), b: maps([field('CommandLine', contains('--evil'))]) }, or(ref('a'), ref('b')));
    expect(clauseOf(both)).toEqual(['sub:process.command_line:--evil', 'sub:process.executable:\\a.exe']);
    const oneBare = rule({ a: maps([field('Image', endswith('\\a.exe'))]), b: maps([field('CommandLine', { kind: 'null' })]) }, or(ref('a'), ref('b')));
    expect(clauseOf(oneBare)).toBeNull();
  });

  it('ignores what is under not, negated tests and tests without literals', () => {
    expect(clauseOf(rule({ sel: maps([field('Image', endswith('.exe'))]), f: maps([field('CommandLine', contains('legit-tool'))]) }, and(ref('sel'), not(ref('f')))))).toEqual([
      'sub:process.executable:.exe',
    ]);
    expect(clauseOf(rule({ sel: maps([field('Image', str('x.exe'), { negate: true })]) }))).toBeNull();
    expect(clauseOf(rule({ sel: maps([field('Image', str('*'))]) }))).toBeNull();
    expect(clauseOf(rule({ sel: maps([field('EventID', num(5, 'gt'))]) }))).toBeNull();
  });

  it('with all, each value is required on its own: the best one is taken', () => {
    expect(clauseOf(rule({ sel: maps([field('CommandLine', [contains('-e'), contains('downloadstring')], { all: true })]) }))).toEqual([
      'sub:process.command_line:downloadstring',
    ]);
  });

  it('does not index a rule whose only literals are too short to be selective', () => {
    expect(clauseOf(rule({ sel: maps([field('CommandLine', contains(' '))]) }))).toBeNull();
  });

  it('reads literals out of regexes, and refuses to for cased non-ASCII literals', () => {
    expect(clauseOf(rule({ sel: maps([field('CommandLine', re('invoke-(web|rest)request\\s'))]) }))).toEqual(['sub:process.command_line:invoke-restrequest', 'sub:process.command_line:invoke-webrequest']);
    expect(clauseOf(rule({ sel: maps([field('CommandLine', contains('ÉCHEC-ÉCHEC', true))]) }))).toBeNull();
    expect(clauseOf(rule({ sel: maps([field('CommandLine', contains('FAILED-LOGIN', true))]) }))).toEqual(['sub:process.command_line:failed-login']);
  });

  it('x of behaves as an OR of its searches for the prefilter', () => {
    const r = rule({ s1: maps([field('Image', endswith('\\a.exe'))]), s2: maps([field('Image', endswith('\\b.exe'))]) }, of(1, ['s1', 's2']));
    expect(clauseOf(r)).toEqual(['sub:process.executable:\\a.exe', 'sub:process.executable:\\b.exe']);
    const all = rule({ s1: maps([field('Image', endswith('\\a.exe'))]), s2: maps([field('CommandLine', contains('x'))]) }, and(of('all', ['s1', 's2'])));
    expect(clauseOf(all)).toEqual(['sub:process.executable:\\a.exe']);
  });
});
