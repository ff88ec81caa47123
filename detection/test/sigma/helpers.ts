// Shared builders for the Sigma parser tests.
import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { FieldTest, PatternPart, Search, SigmaProblem, SigmaRule, ValueTest } from '../../src/sigma/types';

export const RULE_ID = '11111111-2222-4333-8444-555555555555';

/** A valid rule around the given `detection:` body (indented by the caller with 4 spaces). */
export function ruleText(detection: string, extra = ''): string {
  return [`title: Test rule`, `id: ${RULE_ID}`, `status: test`, `level: high`, extra, `logsource:`, `    product: windows`, `detection:`, detection]
    .filter((l) => l !== '')
    .join('\n');
}

/** Parses one rule and fails the test (with its problems) if it did not load. */
export function parseRule(detection: string, extra = ''): SigmaRule {
  const { documents, problems } = parseSigmaFile(ruleText(detection, extra), 'test.yml');
  const rule = documents[0];
  if (!rule || rule.type !== 'rule') throw new Error(`rule did not load: ${problems.map((p) => p.message).join('; ')}`);
  return rule;
}

/** The problems of a rule that is expected not to load. */
export function ruleErrors(detection: string, extra = ''): SigmaProblem[] {
  const { documents, problems } = parseSigmaFile(ruleText(detection, extra), 'test.yml');
  expect(documents).toHaveLength(0);
  return problems.filter((p) => p.severity === 'error');
}

/** The single FieldTest of `sel: { <entry> }`. */
export function fieldTest(entry: string): FieldTest {
  const search = parseRule(`    sel:\n        ${entry}\n    condition: sel`).detection.searches.sel as Search;
  if (search.kind !== 'maps') throw new Error('expected a map search');
  const tests = search.alternatives[0] ?? [];
  expect(tests).toHaveLength(1);
  return tests[0] as FieldTest;
}

/** The tests of `sel: { <entry> }` (one FieldTest). */
export function valueTests(entry: string): ValueTest[] {
  return fieldTest(entry).tests;
}

export const lit = (text: string): PatternPart => ({ kind: 'literal', text });
export const ANY: PatternPart = { kind: 'any' };
export const ONE: PatternPart = { kind: 'one' };
export const str = (pattern: PatternPart[], cased = false): ValueTest => ({ kind: 'string', pattern, cased });
