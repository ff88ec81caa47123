import type { FieldTest } from '../../src/sigma/types';
import { createNaiveMatcher, createStreamMatcher, EngineError, type CompiledRule, type MatcherEntry, type RuleErrorReport } from '../../src/engine';
import { compile, contains, endswith, field, mapping, maps, num, rule, str, thrown } from './ir';

const windowsProcess: FieldTest[] = [field('event.category', str('process')), field('host.os.type', str('windows'))];
const linuxProcess: FieldTest[] = [field('event.category', str('process')), field('host.os.type', str('linux'))];
const winMap = mapping({ key: 'windows/process_creation', conditions: windowsProcess, fields: { Image: ['process.executable'], CommandLine: ['process.command_line'] } });
const linMap = mapping({ key: 'linux/process_creation', conditions: linuxProcess, fields: { Image: ['process.executable'], CommandLine: ['process.command_line'] } });

const cmdRule = compile(rule({ sel: maps([field('Image', endswith('\\cmd.exe'))]) }, undefined, 'cmd'), winMap);
const encRule = compile(rule({ sel: maps([field('CommandLine', contains(' -enc '))]) }, undefined, 'enc'), winMap);
const curlRule = compile(rule({ sel: maps([field('Image', endswith('/curl'))]) }, undefined, 'curl'), linMap);
const anyWinRule = compile(rule({ sel: maps([field('CommandLine', str('*'))]) }, undefined, 'any-win'), winMap);

const entries: MatcherEntry[] = [
  { rule: cmdRule, conditions: windowsProcess },
  { rule: encRule, conditions: windowsProcess },
  { rule: curlRule, conditions: linuxProcess },
  { rule: anyWinRule, conditions: windowsProcess },
];

const winEvent = (executable: string, commandLine: string) => ({
  event: { category: 'process' },
  host: { os: { type: 'windows' } },
  process: { executable, command_line: commandLine },
});

const ids = (matches: { rule: CompiledRule }[]) => matches.map((m) => m.rule.rule.id);

describe('createStreamMatcher', () => {
  it('returns the matching rules in input order with the fields they read', () => {
    const m = createStreamMatcher(entries);
    const hits = m.match(winEvent('C:\\Windows\\System32\\cmd.exe', 'cmd -enc AAAA'));
    expect(ids(hits)).toEqual(['cmd', 'enc', 'any-win']);
    expect(hits[0]!.index).toBe(0);
    expect(hits[0]!.fields).toEqual({ 'process.executable': 'C:\\Windows\\System32\\cmd.exe' });
    expect(hits[1]!.fields).toEqual({ 'process.command_line': 'cmd -enc AAAA' });
  });

  it('routes by logsource: rules of another logsource are never evaluated', () => {
    const m = createStreamMatcher(entries);
    expect(ids(m.match({ ...winEvent('/usr/bin/curl', 'curl x'), host: { os: { type: 'linux' } } }))).toEqual(['curl']);
    expect(ids(m.match(winEvent('/usr/bin/curl', 'curl x')))).toEqual(['any-win']);
    expect(m.stats().find((s) => s.ruleId === 'curl')!.evaluations).toBe(1);
  });

  it('evaluates each logsource conditions once per event, not once per rule', () => {
    const m = createStreamMatcher(entries);
    let reads = 0;
    const event = winEvent('x', 'y') as Record<string, unknown>;
    const host = { os: {} };
    Object.defineProperty(host.os, 'type', {
      // Not enumerable: the one structural pass over an event (hasDottedKey) is not a read of the field.
      enumerable: false,
      get() {
        reads += 1;
        return 'windows';
      },
    });
    event['host'] = host;
    m.match(event);
    expect(reads).toBe(1);
  });

  it('never calls a rule whose required literal is absent', () => {
    const m = createStreamMatcher(entries);
    for (let i = 0; i < 10; i += 1) m.match(winEvent('C:\\x\\notepad.exe', 'notepad a.txt'));
    const stats = m.stats();
    expect(stats.find((s) => s.ruleId === 'cmd')!.evaluations).toBe(0);
    expect(stats.find((s) => s.ruleId === 'enc')!.evaluations).toBe(0);
    expect(stats.find((s) => s.ruleId === 'any-win')!.evaluations).toBe(10);
    expect(m.describe()).toMatchObject({ rules: 4, logsources: 2, indexedRules: 3, unindexedRules: 1, excludedRules: 0, indexedLogsources: 2 });
  });

  it('runs a rule with two indexed requirements only when both occurred', () => {
    // Image ends with \\cmd.exe is its first requirement (as for rule cmd), the command line its second.
    const both = compile(rule({ sel: maps([field('Image', endswith('\\cmd.exe')), field('CommandLine', contains('whoami'))]) }, undefined, 'both'), winMap);
    // Command lines are scanned in full for this logsource (too many literals for anchors), so the second requirement costs no new work.
    const literals = Array.from({ length: 100 }, (_, i) => contains(`spread-${i}-literal`));
    const many = compile(rule({ sel: maps([field('CommandLine', literals)]) }, undefined, 'many'), winMap);
    const all = [...entries, { rule: both, conditions: windowsProcess }, { rule: many, conditions: windowsProcess }];
    const m = createStreamMatcher(all);
    const naive = createNaiveMatcher(all);
    const events = [
      winEvent('C:\\Windows\\System32\\cmd.exe', 'cmd /c dir'),
      winEvent('C:\\Windows\\System32\\cmd.exe', 'cmd /c dir'),
      winEvent('C:\\x\\notepad.exe', 'whoami'),
      winEvent('C:\\Windows\\System32\\CMD.EXE', 'cmd /c WHOAMI'),
    ];
    for (const e of events) expect(ids(m.match(e))).toEqual(ids(naive.match(e)));
    const stats = m.stats();
    expect(stats.find((s) => s.ruleId === 'cmd')!.evaluations).toBe(3);
    expect(stats.find((s) => s.ruleId === 'both')).toMatchObject({ evaluations: 1, matches: 1 });
    expect(m.describe()).toMatchObject({ rules: 6, indexedRules: 5, unindexedRules: 1 });
  });

  it('finds numbers through the exact-value index in any decimal spelling', () => {
    const r = compile(rule({ sel: maps([field('event.code', num(4688))]) }, undefined, 'n'), mapping());
    const m = createStreamMatcher([{ rule: r, conditions: [] }]);
    expect(m.describe().exactValues).toBe(1);
    for (const code of [4688, '4688', '4688.0', '04688']) expect(ids(m.match({ event: { code } }))).toEqual(['n']);
    expect(m.match({ event: { code: '4689' } })).toEqual([]);
  });

  it('gives the same answers without the shared cache', () => {
    const cached = createStreamMatcher(entries);
    const direct = createStreamMatcher(entries, { cache: false });
    const event = winEvent('C:\\cmd.exe', 'x -enc y');
    expect(ids(direct.match(event))).toEqual(ids(cached.match(event)));
  });

  it('leaves out (and reports) rules whose logsource conditions cannot be compiled', () => {
    const bad: FieldTest[] = [field('host.name', str('%Servers%'))];
    const m = createStreamMatcher([
      { rule: cmdRule, conditions: bad },
      { rule: encRule, conditions: windowsProcess },
    ]);
    expect(m.problems).toHaveLength(1);
    expect(m.problems[0]).toMatchObject({ code: 'HALONG_SIGMA_MAPPING', ruleId: 'cmd' });
    expect(m.describe().excludedRules).toBe(1);
    expect(ids(m.match(winEvent('C:\\cmd.exe', 'a -enc b')))).toEqual(['enc']);
  });

  it('runs a CompiledRule built elsewhere through its matches()', () => {
    const foreign: CompiledRule = { rule: cmdRule.rule, logsourceKey: 'x', fields: ['a.b'], matches: (e) => (e as { a?: { b?: string } }).a?.b === 'yes' };
    const m = createStreamMatcher([{ rule: foreign, conditions: [] }]);
    expect(m.match({ a: { b: 'yes' } })).toEqual([{ rule: foreign, index: 0, fields: { 'a.b': 'yes' } }]);
    expect(m.match({ a: { b: 'no' } })).toEqual([]);
  });
});

describe('statistics and error isolation', () => {
  const throwing = (): CompiledRule => ({
    rule: { ...cmdRule.rule, id: 'broken' },
    logsourceKey: 'windows/process_creation',
    fields: [],
    matches: () => {
      throw new Error('boom');
    },
  });

  it.each([
    ['indexed', createStreamMatcher],
    ['naive', createNaiveMatcher],
  ])('%s: a throwing rule is counted, reported, disabled after maxErrors, and never breaks the others', (_, create) => {
    const reports: RuleErrorReport[] = [];
    const m = create([{ rule: throwing(), conditions: [] }, ...entries], { maxErrors: 3, onRuleError: (r) => reports.push(r) });
    for (let i = 0; i < 5; i += 1) expect(ids(m.match(winEvent('C:\\cmd.exe', 'x')))).toEqual(['cmd', 'any-win']);
    const broken = m.stats()[0]!;
    expect(broken).toMatchObject({ ruleId: 'broken', errors: 3, evaluations: 3, matches: 0, disabled: true });
    expect(broken.lastError).toEqual({ code: 'HALONG_DETECTION_RULE_DISABLED', message: expect.stringContaining('boom') });
    expect(reports.map((r) => r.error.code)).toEqual(['HALONG_DETECTION_RULE_FAILED', 'HALONG_DETECTION_RULE_FAILED', 'HALONG_DETECTION_RULE_DISABLED']);
    expect(reports[0]!.error).toBeInstanceOf(EngineError);
  });

  it('a throwing observer does not break matching', () => {
    const m = createStreamMatcher([{ rule: throwing(), conditions: [] }, ...entries], {
      onRuleError: () => {
        throw new Error('observer');
      },
    });
    expect(ids(m.match(winEvent('C:\\cmd.exe', 'x')))).toEqual(['cmd', 'any-win']);
  });

  it('counts matches and evaluations and samples evaluation time', () => {
    const m = createStreamMatcher(entries, { sampleEvery: 1 });
    m.match(winEvent('C:\\cmd.exe', 'x'));
    m.match(winEvent('C:\\cmd.exe', 'y'));
    const cmd = m.stats()[0]!;
    expect(cmd).toMatchObject({ index: 0, ruleId: 'cmd', title: 'title of cmd', logsourceKey: 'windows/process_creation', evaluations: 2, matches: 2, errors: 0, disabled: false });
    expect(cmd.sampledEvaluations).toBe(2);
    expect(cmd.meanEvaluationNanos).toBeGreaterThan(0);
    const rare = createStreamMatcher(entries, { sampleEvery: 1000 });
    rare.match(winEvent('C:\\cmd.exe', 'x'));
    expect(rare.stats()[0]!.sampledEvaluations).toBe(0);
    expect(rare.stats()[0]!.meanEvaluationNanos).toBeUndefined();
  });

  it('refuses invalid options with HALONG_DETECTION_INVALID_OPTION', () => {
    for (const options of [{ sampleEvery: 0 }, { maxErrors: 1.5 }]) {
      const error = thrown(() => createStreamMatcher(entries, options));
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('HALONG_DETECTION_INVALID_OPTION');
    }
  });
});
