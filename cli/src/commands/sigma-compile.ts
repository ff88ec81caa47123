import type { RuleProblem } from '@halong/detection';

/** One problem as `file:line:col: severity CODE [id] reason` (the shape `formatProblem` prints). */
function formatRuleProblem(p: RuleProblem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.severity} ${p.code}${p.ruleId ? ` [${p.ruleId}]` : ''} ${p.reason}`;
}

/** Problems grouped by code, one line each. */
export function describeProblems(problems: readonly RuleProblem[]): string[] {
  const lines: string[] = [];
  const byCode = new Map<string, RuleProblem[]>();
  for (const p of problems) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
  for (const [code, list] of [...byCode].sort()) {
    lines.push(`${code} (${list.length}):`);
    for (const p of list) lines.push(`  ${formatRuleProblem(p)}`);
  }
  return lines;
}
