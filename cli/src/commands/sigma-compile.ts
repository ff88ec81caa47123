import type { FieldMapper, MatcherEntry, RulePack, SigmaProblem } from '@halong/detection';
import { compileRule, formatProblem, isSigmaProblem } from '@halong/detection';

/** Every rule of a pack compiled against a pipeline; what did not compile, with its rule's file. */
export function compilePack(pack: RulePack, mapper: FieldMapper): { entries: MatcherEntry[]; problems: SigmaProblem[] } {
  const entries: MatcherEntry[] = [];
  const problems: SigmaProblem[] = [];
  for (const rule of pack.rules) {
    const mapping = mapper.forLogsource(rule.logsource);
    // The mapper never sees the rule, so its problems name the pipeline: point them at the rule.
    const fix = (p: SigmaProblem): SigmaProblem => ({ ...p, source: rule.source, ...(rule.id ? { ruleId: rule.id } : {}) });
    if (isSigmaProblem(mapping)) {
      problems.push(fix(mapping));
      continue;
    }
    const compiled = compileRule(rule, mapping);
    if (isSigmaProblem(compiled)) problems.push(compiled.ruleId ? compiled : fix(compiled));
    else entries.push({ rule: compiled, conditions: mapping.conditions });
  }
  return { entries, problems };
}

/** Problems grouped by code, one line each (`file:line:col: severity CODE [id] message`). */
export function describeProblems(problems: readonly SigmaProblem[]): string[] {
  const lines: string[] = [];
  const byCode = new Map<string, SigmaProblem[]>();
  for (const p of problems) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
  for (const [code, list] of [...byCode].sort()) {
    lines.push(`${code} (${list.length}):`);
    for (const p of list) lines.push(`  ${formatProblem(p)}`);
  }
  return lines;
}
