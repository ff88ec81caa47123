import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { SigmaProblem } from '../../src/sigma/types';

const DETECTION = 'logsource:\n    product: windows\ndetection:\n    sel:\n        a: 1\n    condition: sel';
const load = (head: string) => parseSigmaFile(`${head}\n${DETECTION}`, 'm.yml');
const summary = (problems: SigmaProblem[]) => problems.map((p) => [p.severity, p.code, p.message, p.source.line]);

describe('rule attributes (specification "Components")', () => {
  it('reads every standard attribute', () => {
    const { documents, problems } = load(
      [
        'title: Whoami Execution',
        'id: 929a690e-bef0-4204-a928-ef5e620d6fcc',
        'name: whoami_exec',
        'status: stable',
        'description: Detects whoami',
        'author: Florian Roth',
        'date: 2019-10-23',
        'modified: 2023-04-14',
        'references:\n    - https://example.org',
        'level: high',
        'tags:\n    - attack.discovery\n    - attack.t1033',
        'falsepositives: Admin activity',
        'fields:\n    - CommandLine',
        'related:\n    - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9\n      type: derived',
        'custom_field: kept',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(documents[0]).toMatchObject({
      type: 'rule',
      title: 'Whoami Execution',
      id: '929a690e-bef0-4204-a928-ef5e620d6fcc',
      name: 'whoami_exec',
      status: 'stable',
      description: 'Detects whoami',
      author: 'Florian Roth',
      date: '2019-10-23',
      modified: '2023-04-14',
      references: ['https://example.org'],
      level: 'high',
      tags: { all: ['attack.discovery', 'attack.t1033'], tactics: ['discovery'], techniques: ['T1033'] },
      falsepositives: ['Admin activity'],
      fields: ['CommandLine'],
      related: [{ id: '08fbc97d-0a2f-491c-ae21-8ffcfd3174e9', type: 'derived' }],
      logsource: { product: 'windows' },
      source: { file: 'm.yml', line: 1, column: 1 },
    });
    expect(documents[0]?.raw).toMatchObject({ custom_field: 'kept', title: 'Whoami Execution' });
  });

  it.each([
    ['no title', 'id: 929a690e-bef0-4204-a928-ef5e620d6fcc', "missing required attribute 'title'"],
    ['a list title', 'title: [a]', "'title' must be a string, not a list"],
    ['a long title', `title: ${'x'.repeat(257)}`, "'title' is 257 characters long (at most 256)"],
    ['a non-UUID id', 'title: t\nid: rule-1', "'id' must be a UUID, not 'rule-1'"],
    ['an unknown status', 'title: t\nstatus: beta', "'status' must be one of stable, test, experimental, deprecated, unsupported, not 'beta'"],
    ['an unknown level', 'title: t\nlevel: severe', "'level' must be one of informational, low, medium, high, critical, not 'severe'"],
    ['an impossible date', 'title: t\ndate: 2023-02-30', "'date' must be a date written YYYY-MM-DD, not string '2023-02-30'"],
    ['a day-first date', 'title: t\nmodified: 14.04.2023', "'modified' must be a date written YYYY-MM-DD, not string '14.04.2023'"],
    ['references as a string', 'title: t\nreferences: https://x', "'references' must be a list of strings, not string 'https://x'"],
    ['an unknown related type', 'title: t\nrelated:\n    - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9\n      type: cousin', "'related' type must be one of correlation, derived, obsolete, merged, renamed, similar, not 'cousin'"],
    ['author as a list', 'title: t\nauthor:\n    - a\n    - b', "'author' must be a string, not a list"],
  ])('refuses %s', (_what, head, message) => {
    const { documents, problems } = load(head);
    expect(documents).toHaveLength(0);
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([message]);
  });

  it('names the rule id and the line in every problem', () => {
    const { problems } = load('title: t\nid: 929a690e-bef0-4204-a928-ef5e620d6fcc\nlevel: severe');
    expect(problems).toEqual([
      {
        code: 'HALONG_SIGMA_SCHEMA',
        severity: 'error',
        message: "'level' must be one of informational, low, medium, high, critical, not 'severe'",
        ruleId: '929a690e-bef0-4204-a928-ef5e620d6fcc',
        source: { file: 'm.yml', line: 3, column: 8 },
      },
    ]);
  });

  it('loads legacy YYYY/MM/DD dates with a warning and normalises them', () => {
    const { documents, problems } = load('title: t\ndate: 2019/1/5');
    expect(documents[0]?.date).toBe('2019-01-05');
    expect(summary(problems)).toEqual([['warning', 'HALONG_SIGMA_SCHEMA', "'date' uses the legacy YYYY/MM/DD form; Sigma 2 dates are YYYY-MM-DD (read as 2019-01-05)", 2]]);
  });

  it('warns about tags outside the namespace.name syntax', () => {
    const { documents, problems } = load('title: t\ntags:\n    - attack.t1059.001\n    - Some Tag\n    - d3fend.d3f-WindowsNtOpenFile');
    expect(documents).toHaveLength(1);
    expect(summary(problems)).toEqual([['warning', 'HALONG_SIGMA_SCHEMA', "tag 'Some Tag' does not follow namespace.name in lower case", 4]]);
  });

  it('warns about logsource values that are not lower case', () => {
    const { documents, problems } = parseSigmaFile('title: t\nlogsource:\n    product: Windows\ndetection:\n    s:\n        a: 1\n    condition: s', 'l.yml');
    expect(documents).toHaveLength(1);
    expect(summary(problems)).toEqual([['warning', 'HALONG_SIGMA_SCHEMA', "'logsource.product' 'Windows' should be lower case without spaces", 3]]);
  });

  it('requires logsource and detection with a condition', () => {
    const missing = parseSigmaFile('title: t', 'x.yml');
    expect(missing.problems.map((p) => p.message)).toEqual(["missing required attribute 'logsource'", "missing required attribute 'detection'"]);
    const noCondition = parseSigmaFile('title: t\nlogsource: {}\ndetection:\n    s:\n        a: 1', 'x.yml');
    expect(noCondition.problems.map((p) => p.message)).toEqual(["'detection' has no condition"]);
  });

  it('keeps a deprecated timeframe, in milliseconds, with a warning', () => {
    const { documents, problems } = parseSigmaFile('title: t\nlogsource: {}\ndetection:\n    s:\n        a: 1\n    timeframe: 15m\n    condition: s', 'x.yml');
    expect(documents[0]?.type === 'rule' && documents[0].detection.timeframeMs).toBe(900_000);
    expect(summary(problems)).toEqual([['warning', 'HALONG_SIGMA_SCHEMA', "'timeframe' is deprecated since Sigma 2.0 (use a correlation rule)", 6]]);
  });
});
