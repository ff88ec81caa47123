// A rule pack compiled once against a pipeline: what the matcher runs, the correlation index,
// and every problem (file, rule id, reason) for the API. Pure apart from yielding to the event
// loop between chunks, so compiling thousands of rules never stalls a server in the same process.
import { compileCorrelations, ruleKey } from '../correlation/compile';
import type { CorrelationIndex } from '../correlation/correlation-index';
import type { CorrelationProblem } from '../correlation/errors';
import { compileRule } from '../engine/compile-rule';
import { isSigmaProblem } from '../engine/errors';
import type { MatcherEntry } from '../engine/matcher-types';
import type { CompiledRule } from '../engine/types';
import type { FieldMapper, LogsourceMapping } from '../mapping/types';
import type { RulePack } from '../sigma/pack-assembly';
import type { SigmaCorrelation, SigmaProblem, SigmaRule } from '../sigma/types';
import { DetectionRuntimeError } from './errors';

/** Which step refused or warned about a rule. */
export type ProblemStage = 'parse' | 'pipeline' | 'compile' | 'matcher' | 'correlation';

/** One problem with one rule file or rule, as the API shows it. */
export interface RuleProblem {
  file?: string;
  line?: number;
  column?: number;
  ruleId?: string;
  code: string;
  severity: 'error' | 'warning';
  reason: string;
  stage: ProblemStage;
}

/** One detection rule or correlation of the set. */
export interface RuleEntry {
  /** Canonical key (id, else name, else title): what hits, alerts and the API call it. */
  key: string;
  kind: 'rule' | 'correlation';
  doc: SigmaRule | SigmaCorrelation;
  /** A rule compiled for the matcher, or a correlation the index kept. */
  loaded: boolean;
  compiled?: CompiledRule;
  mapping?: LogsourceMapping;
}

/** A compiled rule as the matcher takes it, with its key. */
export interface KeyedMatcherEntry {
  key: string;
  entry: MatcherEntry;
}

/** Everything loaded from the rule folders, compiled once. */
export interface RuleSet {
  entries: readonly RuleEntry[];
  byKey: ReadonlyMap<string, RuleEntry>;
  matcherEntries: readonly KeyedMatcherEntry[];
  index: CorrelationIndex;
  problems: readonly RuleProblem[];
  compileMs: number;
}

/** Options of {@link buildRuleSet}. */
export interface BuildRuleSetOptions {
  /** Stop early (with HALONG_DETECTION_ABORTED) when this aborts. */
  signal?: AbortSignal;
  /** Rules compiled between two yields to the event loop (default 25). */
  yieldEvery?: number;
}

/** The problem as the API shows it. */
export function fromSigmaProblem(p: SigmaProblem, stage: ProblemStage): RuleProblem {
  return {
    file: p.source.file,
    ...(p.source.line !== undefined ? { line: p.source.line } : {}),
    ...(p.source.column !== undefined ? { column: p.source.column } : {}),
    ...(p.ruleId !== undefined ? { ruleId: p.ruleId } : {}),
    code: p.code,
    severity: p.severity,
    reason: p.message,
    stage,
  };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Compiles every rule of the pack against the pipeline, then the correlations over them. */
export async function buildRuleSet(pack: RulePack, mapper: FieldMapper, options: BuildRuleSetOptions = {}): Promise<RuleSet> {
  const started = performance.now();
  const yieldEvery = options.yieldEvery ?? 25;
  const problems: RuleProblem[] = pack.problems.map((p) => fromSigmaProblem(p, 'parse'));
  const entries: RuleEntry[] = [];
  const byKey = new Map<string, RuleEntry>();
  const matcherEntries: KeyedMatcherEntry[] = [];
  const admit = (entry: RuleEntry): boolean => {
    if (byKey.has(entry.key)) {
      const where = byKey.get(entry.key)!.doc.source.file;
      const message = `another rule (${where}) has the key ${entry.key}; this one is not loaded`;
      problems.push(fromSigmaProblem({ code: 'HALONG_SIGMA_REFERENCE', severity: 'error', message, source: entry.doc.source }, 'compile'));
      return false;
    }
    entries.push(entry);
    byKey.set(entry.key, entry);
    return true;
  };

  for (let i = 0; i < pack.rules.length; i++) {
    if (i % yieldEvery === 0) {
      if (options.signal?.aborted) throw new DetectionRuntimeError('HALONG_DETECTION_ABORTED');
      if (i > 0) await nextTick();
    }
    const rule = pack.rules[i]!;
    const entry: RuleEntry = { key: ruleKey(rule), kind: 'rule', doc: rule, loaded: false };
    if (!admit(entry)) continue;
    const mapping = mapper.forLogsource(rule.logsource);
    if (isSigmaProblem(mapping)) {
      // The mapper never sees the rule, so its problem names the pipeline: point it at the rule.
      problems.push(fromSigmaProblem({ ...mapping, source: rule.source, ...(rule.id ? { ruleId: rule.id } : {}) }, 'pipeline'));
      continue;
    }
    entry.mapping = mapping;
    const compiled = compileRule(rule, mapping);
    if (isSigmaProblem(compiled)) {
      problems.push(fromSigmaProblem(compiled, 'compile'));
      continue;
    }
    entry.compiled = compiled;
    entry.loaded = true;
    matcherEntries.push({ key: entry.key, entry: { rule: compiled, conditions: mapping.conditions } });
  }

  const correlationEntries = pack.correlations.map((c): RuleEntry => ({ key: ruleKey(c), kind: 'correlation', doc: c, loaded: false }));
  const admitted = correlationEntries.filter(admit);
  // A correlation groups on the ECS paths its rules' pipeline gives each Sigma field.
  const fieldPaths = (key: string, field: string): string[] => {
    const paths = byKey.get(key)?.mapping?.field(field) ?? [];
    return paths.length > 0 ? paths : [field];
  };
  const { index, problems: correlationProblems } = compileCorrelations([...pack.rules, ...admitted.map((e) => e.doc)], { fieldPaths });
  for (const e of admitted) e.loaded = index.get(e.key) !== undefined;
  problems.push(...correlationProblems.map((p) => correlationProblem(p, byKey)));
  return { entries, byKey, matcherEntries, index, problems, compileMs: performance.now() - started };
}

function correlationProblem(p: CorrelationProblem, byKey: ReadonlyMap<string, RuleEntry>): RuleProblem {
  const source = byKey.get(p.correlationId)?.doc.source;
  return {
    ...(source ? { file: source.file, ...(source.line !== undefined ? { line: source.line } : {}) } : {}),
    ruleId: p.correlationId,
    code: p.code,
    severity: 'error',
    reason: p.message,
    stage: 'correlation',
  };
}

/** A rule or correlation by its key, id or name. */
export function findRule(set: RuleSet, ref: string): RuleEntry | undefined {
  return set.byKey.get(ref) ?? set.byKey.get(set.index.resolve(ref));
}
