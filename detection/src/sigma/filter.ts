// Filters (specification "Sigma Filters"): a logsource, the rules to tune, search identifiers and
// a condition describing the events to suppress in those rules.
import type { SigmaFilter } from './types';
import { buildSearchesAndCondition } from './detection';
import { readCommon } from './metadata';
import type { ProblemSink } from './problems';
import { readLogsource } from './rule';
import { child, describe } from './yaml-tree';
import type { YMap } from './yaml-tree';

/** Builds a filter; undefined when it has errors (they are in `sink`). */
export function buildFilter(doc: YMap, sink: ProblemSink): SigmaFilter | undefined {
  const common = readCommon(doc, 'filter', sink);
  for (const key of ['level', 'status']) {
    const node = child(doc, key);
    // "It has no level or status because its purpose is to enrich an existing Sigma rule."
    if (node) sink.warn('HALONG_SIGMA_SCHEMA', `a filter has no '${key}'; ignored`, node.loc);
  }
  const logsource = readLogsource(child(doc, 'logsource'), sink, doc.loc);
  const section = child(doc, 'filter');
  if (section?.kind !== 'map') {
    sink.error('HALONG_SIGMA_SCHEMA', `'filter' must be a map, not ${section ? describe(section) : 'empty'}`, section?.loc ?? doc.loc);
    return undefined;
  }
  const rulesNode = child(section, 'rules');
  const rules: string[] = [];
  if (rulesNode?.kind === 'seq' && rulesNode.items.length > 0) {
    for (const item of rulesNode.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string') rules.push(item.value);
      else sink.error('HALONG_SIGMA_SCHEMA', `'filter.rules' must contain rule ids or names, found ${describe(item)}`, item.loc);
    }
  } else if (rulesNode?.kind === 'scalar' && typeof rulesNode.value === 'string' && ['any', 'all'].includes(rulesNode.value.toLowerCase())) {
    // Sigma 2.2 / pySigma: `rules: any` targets every rule of the logsource; not part of 2.1.0.
    sink.error('HALONG_SIGMA_UNSUPPORTED', `'filter.rules: ${rulesNode.value}' (every rule) is not supported; list the rule ids or names`, rulesNode.loc);
  } else {
    sink.error('HALONG_SIGMA_SCHEMA', "'filter.rules' must list at least one rule id or name", rulesNode?.loc ?? section.loc);
  }
  const built = buildSearchesAndCondition(section, ['rules', 'condition'], "'filter'", sink);
  if (built?.condition.kind === 'not') {
    // pySigma ANDs the filter condition into the rule, so its documentation writes `not selection`;
    // the specification (and Halong) suppress what the condition matches.
    sink.warn(
      'HALONG_SIGMA_CONDITION',
      "the filter condition starts with 'not', but filters apply as 'rule and not (filter condition)': this suppresses every event the selection does NOT match (write the selection itself, not 'not selection' as for pySigma)",
      child(section, 'condition')?.loc,
    );
  }
  if (sink.hasErrors || !logsource || !built) return undefined;
  return { type: 'filter', ...common, logsource, filter: { rules, searches: built.searches, condition: built.condition } };
}
