// Everything that needs the whole set of documents: unique ids and names, filters folded into
// their target rules, correlation references resolved (including chains of correlations).
import type { SigmaCorrelation, SigmaDocument, SigmaErrorCode, SigmaFilter, SigmaProblem, SigmaRule, SourceRef } from './types';
import { applyFilter, logsourceCovers } from './apply-filter';
import type { ParsedFile } from './parse-file';

/** The loaded rule set: filters are already applied to the rules they target. */
export interface RulePack {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  filters: SigmaFilter[];
  problems: SigmaProblem[];
}

function problem(code: SigmaErrorCode, severity: 'error' | 'warning', doc: SigmaDocument, message: string): SigmaProblem {
  const p: SigmaProblem = { code, severity, message, source: { ...doc.source } };
  if (doc.id !== undefined) p.ruleId = doc.id;
  return p;
}

const where = (s: SourceRef): string => `${s.file}${s.line !== undefined ? `:${s.line}` : ''}`;
const label = (doc: SigmaDocument): string => doc.id ?? doc.name ?? `'${doc.title}'`;

/** Keeps the first document of every id and name; later duplicates are reported and dropped. */
function dropDuplicates(docs: SigmaDocument[], problems: SigmaProblem[]): SigmaDocument[] {
  const seen = new Map<string, SigmaDocument>();
  return docs.filter((doc) => {
    for (const [kind, key] of [['id', doc.id], ['name', doc.name]] as const) {
      if (key === undefined) continue;
      const first = seen.get(`${kind}:${key}`);
      if (first) {
        problems.push(problem('HALONG_SIGMA_REFERENCE', 'error', doc, `duplicate ${kind} '${key}' (already used by ${where(first.source)}); this document is not loaded`));
        return false;
      }
    }
    for (const [kind, key] of [['id', doc.id], ['name', doc.name]] as const) if (key !== undefined) seen.set(`${kind}:${key}`, doc);
    return true;
  });
}

function indexByRef<T extends SigmaDocument>(docs: T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const d of docs) {
    if (d.id !== undefined) index.set(d.id, d);
    if (d.name !== undefined && !index.has(d.name)) index.set(d.name, d);
  }
  return index;
}

function applyFilters(rules: SigmaRule[], filters: SigmaFilter[], correlations: Map<string, SigmaCorrelation>, problems: SigmaProblem[]): SigmaRule[] {
  const index = indexByRef(rules);
  const updated = new Map<SigmaRule, SigmaRule>();
  filters.forEach((filter, i) => {
    for (const ref of filter.filter.rules) {
      const target = index.get(ref);
      if (!target) {
        const why = correlations.has(ref) ? 'is a correlation (filters apply to detection rules only)' : 'is not loaded';
        problems.push(problem('HALONG_SIGMA_REFERENCE', 'warning', filter, `filter target '${ref}' ${why}; nothing to filter`));
        continue;
      }
      if (!logsourceCovers(filter.logsource, target.logsource)) {
        problems.push(problem('HALONG_SIGMA_REFERENCE', 'warning', filter, `filter not applied to rule '${ref}': its logsource ${JSON.stringify(target.logsource)} is outside the filter's ${JSON.stringify(filter.logsource)}`));
        continue;
      }
      const current = updated.get(target) ?? target;
      updated.set(target, applyFilter(current, filter, filter.id ?? filter.name ?? String(i + 1)));
    }
  });
  return rules.map((r) => updated.get(r) ?? r);
}

/** Drops correlations whose references (rules, other correlations, alias keys) do not resolve. */
function resolveCorrelations(correlations: SigmaCorrelation[], rules: SigmaRule[], problems: SigmaProblem[]): SigmaCorrelation[] {
  const ruleIndex = indexByRef(rules);
  let live = correlations;
  for (;;) {
    const corrIndex = indexByRef(live);
    const next = live.filter((c) => {
      const missing = c.correlation.rules.filter((r) => !ruleIndex.has(r) && !corrIndex.has(r));
      if (missing.length > 0) {
        problems.push(problem('HALONG_SIGMA_REFERENCE', 'error', c, `correlation refers to ${missing.map((m) => `'${m}'`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not loaded`));
        return false;
      }
      const resolve = (ref: string): SigmaDocument | undefined => ruleIndex.get(ref) ?? corrIndex.get(ref);
      const targets = new Set(c.correlation.rules.map(resolve));
      for (const [alias, mapping] of Object.entries(c.correlation.aliases)) {
        const stray = Object.keys(mapping).filter((ref) => !targets.has(resolve(ref)));
        if (stray.length > 0) {
          problems.push(problem('HALONG_SIGMA_REFERENCE', 'error', c, `alias '${alias}' names ${stray.map((s) => `'${s}'`).join(', ')}, not among the correlated rules`));
          return false;
        }
      }
      return true;
    });
    const acyclic = dropCycles(next, problems);
    if (acyclic.length === live.length) return live;
    live = acyclic;
  }
}

function dropCycles(correlations: SigmaCorrelation[], problems: SigmaProblem[]): SigmaCorrelation[] {
  const index = indexByRef(correlations);
  const cyclic = new Set<SigmaCorrelation>();
  const done = new Set<SigmaCorrelation>();
  const visit = (c: SigmaCorrelation, path: SigmaCorrelation[]): void => {
    if (path.includes(c)) {
      for (const p of path.slice(path.indexOf(c))) cyclic.add(p);
      return;
    }
    if (done.has(c)) return;
    for (const ref of c.correlation.rules) {
      const next = index.get(ref);
      if (next) visit(next, [...path, c]);
    }
    done.add(c);
  };
  for (const c of correlations) visit(c, []);
  for (const c of cyclic) problems.push(problem('HALONG_SIGMA_REFERENCE', 'error', c, `correlation ${label(c)} refers to itself through a chain of correlations`));
  return correlations.filter((c) => !cyclic.has(c));
}

/** Builds the pack from parsed files: duplicates, filters and correlation references. */
export function assembleRulePack(files: ParsedFile[]): RulePack {
  const problems: SigmaProblem[] = files.flatMap((f) => f.problems);
  const docs = dropDuplicates(files.flatMap((f) => f.documents), problems);
  const rules = docs.filter((d): d is SigmaRule => d.type === 'rule');
  const filters = docs.filter((d): d is SigmaFilter => d.type === 'filter');
  const correlations = resolveCorrelations(docs.filter((d): d is SigmaCorrelation => d.type === 'correlation'), rules, problems);
  const filtered = applyFilters(rules, filters, indexByRef(correlations), problems);
  return { rules: filtered, correlations, filters, problems };
}
