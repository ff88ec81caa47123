import { formatProblem, ProblemSink, SigmaBuildError } from '../../src/sigma/problems';

describe('ProblemSink', () => {
  it('stamps the rule id learnt later on earlier problems', () => {
    const sink = new ProblemSink('r.yml');
    sink.warn('HALONG_SIGMA_SCHEMA', 'first', { line: 1, column: 1 });
    sink.ruleId = 'abc';
    sink.catch(new SigmaBuildError('HALONG_SIGMA_VALUE', 'second', { line: 2, column: 3 }));
    expect(sink.hasErrors).toBe(true);
    expect(sink.finish().map((p) => [p.ruleId, p.severity, p.source])).toEqual([
      ['abc', 'warning', { file: 'r.yml', line: 1, column: 1 }],
      ['abc', 'error', { file: 'r.yml', line: 2, column: 3 }],
    ]);
  });

  it('rethrows errors that are not build errors', () => {
    expect(() => new ProblemSink('r.yml').catch(new TypeError('bug'))).toThrow('bug');
  });
});

describe('formatProblem', () => {
  it('writes file:line:column, severity, code, rule id and message', () => {
    expect(formatProblem({ code: 'HALONG_SIGMA_MODIFIER', severity: 'error', message: "unknown modifier 'x'", ruleId: 'abc', source: { file: 'r.yml', line: 4, column: 9 } })).toBe(
      "r.yml:4:9: error HALONG_SIGMA_MODIFIER [abc] unknown modifier 'x'",
    );
    expect(formatProblem({ code: 'HALONG_SIGMA_YAML', severity: 'warning', message: 'm', source: { file: 'd' } })).toBe('d: warning HALONG_SIGMA_YAML m');
  });
});
