// The `detection:` section of a rule and the `filter:` section of a filter: search identifiers
// plus one or more conditions (several `condition:` entries are OR-ed, as the spec says).
import type { ConditionNode, Search, SigmaDetection } from './types';
import { ConditionError, parseCondition, referencedNames } from './condition';
import { parseDuration } from './duration';
import { buildSearch } from './searches';
import type { ProblemSink } from './problems';
import { describe, entry } from './yaml-tree';
import type { Loc, YMap, YNode, YScalar } from './yaml-tree';

export interface SearchesAndCondition {
  searches: Record<string, Search>;
  condition: ConditionNode;
}

function conditionScalars(node: YNode, sink: ProblemSink): YScalar[] | undefined {
  const items = node.kind === 'seq' ? node.items : [node];
  if (items.length === 0) {
    sink.error('HALONG_SIGMA_CONDITION', 'the condition list is empty', node.loc);
    return undefined;
  }
  const out: YScalar[] = [];
  for (const item of items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      sink.error('HALONG_SIGMA_CONDITION', `a condition must be a string, not ${describe(item)}`, item.loc);
      return undefined;
    }
    out.push(item);
  }
  return out;
}

function parseOne(scalar: YScalar, names: string[], sink: ProblemSink): ConditionNode | undefined {
  try {
    return parseCondition(String(scalar.value), names);
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    const text = String(scalar.value);
    // The file column is exact only when the value sits on one line as written; otherwise the
    // message gives the position inside the condition text.
    const loc: Loc = { line: scalar.loc.line, column: scalar.valueColumn !== undefined ? scalar.valueColumn + err.column - 1 : scalar.loc.column };
    const before = text.slice(0, err.column - 1).split('\n');
    const at = before.length > 1 ? `line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}` : `column ${err.column}`;
    sink.error('HALONG_SIGMA_CONDITION', `condition '${text.trim().replace(/\s*\n\s*/g, ' ')}', ${at}: ${err.message}`, loc);
    return undefined;
  }
}

/**
 * Reads search identifiers and condition(s) from `section`, skipping `reserved` keys. Reports
 * problems to `sink` and returns undefined when the section cannot be used.
 */
export function buildSearchesAndCondition(section: YMap, reserved: readonly string[], what: string, sink: ProblemSink): SearchesAndCondition | undefined {
  const searches: Record<string, Search> = {};
  const names: string[] = [];
  let failed = false;
  for (const e of section.entries) {
    if (reserved.includes(e.key)) continue;
    names.push(e.key);
    try {
      searches[e.key] = buildSearch(e.key, e.value, sink);
    } catch (err) {
      sink.catch(err, e.keyLoc);
      failed = true;
    }
  }
  if (names.length === 0) {
    sink.error('HALONG_SIGMA_SCHEMA', `${what} defines no search identifier`, section.loc);
    failed = true;
  }
  const condEntry = entry(section, 'condition');
  if (!condEntry) {
    sink.error('HALONG_SIGMA_SCHEMA', `${what} has no condition`, section.loc);
    return undefined;
  }
  const scalars = conditionScalars(condEntry.value, sink);
  if (!scalars) return undefined;
  const nodes = scalars.map((s) => parseOne(s, names, sink));
  if (failed || nodes.some((n) => n === undefined)) return undefined;
  const parsed = nodes as ConditionNode[];
  const condition: ConditionNode = parsed.length === 1 ? (parsed[0] as ConditionNode) : { kind: 'or', children: parsed };
  const used = referencedNames(condition);
  for (const e of section.entries) {
    if (!reserved.includes(e.key) && !used.has(e.key)) {
      sink.warn('HALONG_SIGMA_CONDITION', `search identifier '${e.key}' is not used by the condition`, e.keyLoc);
    }
  }
  return { searches, condition };
}

/** The rule's `detection:` section. */
export function buildDetection(node: YNode | undefined, sink: ProblemSink, fallback: Loc): SigmaDetection | undefined {
  if (!node) {
    sink.error('HALONG_SIGMA_SCHEMA', "missing required attribute 'detection'", fallback);
    return undefined;
  }
  if (node.kind !== 'map') {
    sink.error('HALONG_SIGMA_SCHEMA', `'detection' must be a map, not ${describe(node)}`, node.loc);
    return undefined;
  }
  const built = buildSearchesAndCondition(node, ['condition', 'timeframe'], "'detection'", sink);
  if (!built) return undefined;
  const detection: SigmaDetection = { searches: built.searches, condition: built.condition };
  const tf = entry(node, 'timeframe');
  if (tf) {
    // `timeframe` belonged to the aggregation syntax that Sigma 2.0 replaced by correlations.
    const ms = tf.value.kind === 'scalar' ? parseDuration(tf.value.text) : undefined;
    if (ms === undefined) sink.warn('HALONG_SIGMA_VALUE', `'timeframe' ${describe(tf.value)} is not a duration like 30s, 5m, 1h or 1d; ignored`, tf.keyLoc);
    else {
      detection.timeframeMs = ms;
      sink.warn('HALONG_SIGMA_SCHEMA', "'timeframe' is deprecated since Sigma 2.0 (use a correlation rule)", tf.keyLoc);
    }
  }
  return detection;
}
