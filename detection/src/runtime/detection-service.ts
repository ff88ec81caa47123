// The detection runtime as the rule API sees it: views over the loaded rule set, rule state
// changes, problems and a summary. Throws coded errors; the routes turn them into HTTP answers.
import type { Client } from '@opensearch-project/opensearch';
import { ALERT_CONTEXT_FIELDS } from '../alerts/entities';
import { HuntError } from '../opensearch/errors';
import { parseDuration } from '../sigma/duration';
import type { CorrelationWorker } from './correlation-worker';
import type { DetectionWorker } from './detection-worker';
import { DetectionRuntimeError } from './errors';
import type { LiveMatcher } from './live-matcher';
import type { LoadedRuleSet } from './load-rule-set';
import type { ProblemStage, RuleProblem } from './rule-set';
import { findRule } from './rule-set';
import { huntEntry } from './hunt-entry';
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
  /** Where hunts search; without it the service refuses hunts. */
  history?: { client: Client; indexPattern: string };
  /** The clock of relative hunt ranges (`since: 7d`). */
  now?: () => number;
}

/** A hunt over history, as the API takes it. */
export interface HuntRequest {
  /** Rule or correlation: key, id or name. */
  rule: string;
  /** A duration back from now (`24h`, `7d`) or an ISO date. */
  since: string;
  /** An ISO date (default: now, open-ended). */
  until?: string;
  /** At most this many events or windows (the caller's bound; the route caps it). */
  limit: number;
}

/** What a hunt found. */
export interface HuntAnswer {
  rule: { key: string; kind: 'rule' | 'correlation'; title: string };
  since: string;
  until?: string;
  /** Events a rule matched, oldest first: where they are and their context fields. */
  events?: { index: string; id: string; source: Record<string, unknown> }[];
  /** Windows in which a correlation held. */
  windows?: { group: Record<string, unknown>; windowStart: string; windowEnd: string; value: number; counts: Record<string, number> }[];
  /** True when there were more than `limit`. */
  truncated: boolean;
}

/** Fields returned with each hunted event besides the rule's own: enough to triage, not the whole record. */
const HUNT_SOURCE = ['@timestamp', 'event.id', 'event.code', 'event.action', 'message', ...ALERT_CONTEXT_FIELDS];

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
  hunt(request: HuntRequest): Promise<HuntAnswer>;
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
    async hunt(request) {
      const p = ready();
      const entry = find(p, request.rule);
      if (!deps.history) throw new DetectionRuntimeError('HALONG_DETECTION_HUNT_FAILED', 'this process has no OpenSearch to hunt in');
      const now = (deps.now ?? Date.now)();
      const back = parseDuration(request.since);
      const since = back !== undefined ? now - back : Date.parse(request.since);
      const until = request.until === undefined ? undefined : Date.parse(request.until);
      if (!Number.isFinite(since) || (until !== undefined && !(until > since))) {
        throw new DetectionRuntimeError('HALONG_DETECTION_BAD_REQUEST', 'since takes a duration (30m, 24h, 7d) or an ISO date; until an ISO date after it');
      }
      const answer: HuntAnswer = {
        rule: { key: entry.key, kind: entry.kind, title: entry.doc.title },
        since: new Date(since).toISOString(),
        ...(until === undefined ? {} : { until: new Date(until).toISOString() }),
        ...(entry.kind === 'rule' ? { events: [] } : { windows: [] }),
        truncated: false,
      };
      try {
        const items = huntEntry(deps.history.client, p.loaded.ruleSet, entry, {
          since,
          ...(until === undefined ? {} : { until }),
          indexPattern: deps.history.indexPattern,
          // The fields the rule reads, so the caller sees why each event matched.
          source: [...new Set([...HUNT_SOURCE, ...(entry.compiled?.fields ?? [])])],
          size: request.limit + 1,
        });
        let n = 0;
        for await (const item of items) {
          if (++n > request.limit) {
            answer.truncated = true;
            break;
          }
          if (item.kind === 'event') answer.events!.push({ index: item.hit._index, id: item.hit._id, source: item.hit._source });
          else {
            const m = item.match;
            answer.windows!.push({ group: m.group, windowStart: new Date(m.windowStart).toISOString(), windowEnd: new Date(m.windowEnd).toISOString(), value: m.value, counts: m.counts });
          }
        }
      } catch (err) {
        if (!(err instanceof HuntError)) throw err;
        const code = err.code === 'HALONG_HUNT_UNSUPPORTED' || err.code === 'HALONG_HUNT_TOO_MANY_VALUES' ? 'HALONG_DETECTION_HUNT_UNSUPPORTED' : 'HALONG_DETECTION_HUNT_FAILED';
        throw new DetectionRuntimeError(code, `${err.code}: ${err.message}`, { cause: err });
      }
      return answer;
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
