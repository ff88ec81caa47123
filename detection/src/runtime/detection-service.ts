// The detection runtime as the rule API sees it: views over the loaded rule set, rule state
// changes, problems and a summary. Throws coded errors; the routes turn them into HTTP answers.
import type { CorrelationWorker } from './correlation-worker';
import type { DetectionWorker } from './detection-worker';
import { DetectionRuntimeError } from './errors';
import type { LiveMatcher } from './live-matcher';
import type { LoadedRuleSet } from './load-rule-set';
import type { ProblemStage, RuleProblem } from './rule-set';
import { findRule } from './rule-set';
import type { RuleStates } from './rule-state';
import type { RuleDetailView, RuleQuery, RuleView, ViewContext } from './rule-views';
import { listRules, ruleDetail, ruleView } from './rule-views';

/** Where the runtime stands. */
export interface DetectionStatus {
  state: 'loading' | 'ready' | 'failed';
  since: string;
  error?: { code: string; message: string };
}

/** The running pieces, once the rule set is loaded. */
export interface RuntimeParts {
  loaded: LoadedRuleSet;
  matcher: LiveMatcher;
  states: RuleStates;
  detection?: Pick<DetectionWorker, 'counters'>;
  correlation?: Pick<CorrelationWorker, 'counters' | 'matchesByCorrelation'>;
}

/** What the service reads from the runtime. */
export interface DetectionServiceDeps {
  status(): DetectionStatus;
  parts(): RuntimeParts | undefined;
  /** Records behind per consumer group (null when it cannot be had right now). */
  lag?: () => Promise<Record<string, number | null>>;
}

/** A filter over problems. */
export interface ProblemQuery {
  stage?: ProblemStage;
  severity?: 'error' | 'warning';
  code?: string;
  offset: number;
  limit: number;
}

/** The rule API's view of the runtime. */
export interface DetectionService {
  status(): DetectionStatus;
  listRules(query: RuleQuery): { total: number; offset: number; limit: number; rules: RuleView[] };
  getRule(id: string): RuleDetailView;
  setRuleEnabled(id: string, enabled: boolean, actor: string): Promise<RuleView>;
  problems(query: ProblemQuery): { total: number; offset: number; limit: number; problems: RuleProblem[] };
  summary(): Promise<Record<string, unknown>>;
}

export function createDetectionService(deps: DetectionServiceDeps): DetectionService {
  const ready = (): RuntimeParts => {
    const parts = deps.parts();
    if (parts) return parts;
    const s = deps.status();
    const why = s.state === 'failed' ? `loading the rules failed: ${s.error?.message ?? 'unknown error'}` : `the rules are loading (since ${s.since})`;
    throw new DetectionRuntimeError('HALONG_DETECTION_NOT_READY', why);
  };
  const context = (p: RuntimeParts): ViewContext => ({
    state: (key) => p.states.info(key),
    counters: p.matcher.counters(),
    correlationMatches: p.correlation?.matchesByCorrelation() ?? new Map(),
    excluded: new Set(p.matcher.problems().flatMap((x) => (x.ruleId ? [x.ruleId] : []))),
  });
  const allProblems = (p: RuntimeParts): RuleProblem[] => [...p.loaded.ruleSet.problems, ...p.matcher.problems()];
  const find = (p: RuntimeParts, id: string) => {
    const entry = findRule(p.loaded.ruleSet, id);
    if (!entry) throw new DetectionRuntimeError('HALONG_DETECTION_RULE_NOT_FOUND', `no rule or correlation ${JSON.stringify(id)} is loaded`);
    return entry;
  };

  return {
    status: deps.status,
    listRules(query) {
      const p = ready();
      return listRules(p.loaded.ruleSet, context(p), query);
    },
    getRule(id) {
      const p = ready();
      return ruleDetail(p.loaded.ruleSet, find(p, id), context(p), allProblems(p));
    },
    async setRuleEnabled(id, enabled, actor) {
      const p = ready();
      const entry = find(p, id);
      await p.states.setEnabled(entry.key, enabled, actor);
      return ruleView(entry, context(p));
    },
    problems(q) {
      const p = ready();
      const all = allProblems(p).filter((x) => (!q.stage || x.stage === q.stage) && (!q.severity || x.severity === q.severity) && (!q.code || x.code === q.code));
      return { total: all.length, offset: q.offset, limit: q.limit, problems: all.slice(q.offset, q.offset + q.limit) };
    },
    async summary() {
      const status = deps.status();
      const p = deps.parts();
      if (!p) return { status };
      const { ruleSet } = p.loaded;
      const ctx = context(p);
      const views = ruleSet.entries.map((e) => ruleView(e, ctx));
      const count = (f: (v: RuleView) => boolean) => views.filter(f).length;
      const problems = allProblems(p);
      const tally = (key: (x: RuleProblem) => string) => {
        const out: Record<string, number> = {};
        for (const x of problems) out[key(x)] = (out[key(x)] ?? 0) + 1;
        return out;
      };
      return {
        status,
        sources: { ruleDirs: p.loaded.ruleDirs, pipelinePaths: p.loaded.pipelinePaths, loadedAt: p.loaded.loadedAt, parseMs: Math.round(p.loaded.parseMs), compileMs: Math.round(p.loaded.compileMs) },
        rules: {
          total: views.length,
          rules: count((v) => v.kind === 'rule'),
          correlations: count((v) => v.kind === 'correlation'),
          loaded: count((v) => v.loaded),
          notLoaded: count((v) => !v.loaded),
          enabled: count((v) => v.enabled),
          disabled: count((v) => !v.enabled),
          failing: count((v) => v.stats?.failing === true),
        },
        problems: { total: problems.length, bySeverity: tally((x) => x.severity), byStage: tally((x) => x.stage), byCode: tally((x) => x.code) },
        matcher: p.matcher.describe(),
        correlations: { loaded: ruleSet.index.all().length },
        workers: {
          detection: p.detection?.counters() ?? null,
          correlation: p.correlation?.counters() ?? null,
          lag: deps.lag ? await deps.lag() : null,
        },
      };
    },
  };
}
