// Correlation rules (specification "Sigma Correlation Rules"; metric types value_sum, value_avg,
// value_percentile and value_median as in 2.1.0 and pySigma).
import type { CorrelationCondition, CorrelationType, SigmaCorrelation } from './types';
import { parseDuration } from './duration';
import { readCommon, stringList } from './metadata';
import type { ProblemSink } from './problems';
import { child, describe } from './yaml-tree';
import type { YMap, YNode } from './yaml-tree';

const TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
  'value_median',
];
const NEEDS_FIELD: readonly CorrelationType[] = ['value_count', 'value_sum', 'value_avg', 'value_percentile', 'value_median'];
const TEMPORAL: readonly CorrelationType[] = ['temporal', 'temporal_ordered'];
const OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
const KNOWN_KEYS = ['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate'];

function listOrOne(node: YNode | undefined, key: string, sink: ProblemSink): string[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    sink.warn('HALONG_SIGMA_SCHEMA', `'correlation.${key}' should be a list; read as a one-item list`, node.loc);
    return [node.value];
  }
  const list = stringList(node, `correlation.${key}`, sink);
  const dup = list.find((x, i) => list.indexOf(x) !== i);
  if (dup !== undefined) sink.warn('HALONG_SIGMA_SCHEMA', `'correlation.${key}' lists '${dup}' twice`, node.loc);
  return list;
}

function readCondition(node: YNode, type: CorrelationType, sink: ProblemSink): CorrelationCondition | undefined {
  if (node.kind !== 'map') {
    const why = node.kind === 'scalar' && typeof node.value === 'string' ? ' (pySigma extended string conditions are not supported)' : '';
    sink.error(why ? 'HALONG_SIGMA_UNSUPPORTED' : 'HALONG_SIGMA_SCHEMA', `'correlation.condition' must be a map of gt/gte/lt/lte/eq/neq${why}`, node.loc);
    return undefined;
  }
  const cond: CorrelationCondition = { ops: [] };
  let opKeys = 0;
  for (const e of node.entries) {
    const op = OPS.find((o) => o === e.key);
    if (op) {
      opKeys++;
      if (e.value.kind === 'scalar' && typeof e.value.value === 'number' && Number.isFinite(e.value.value)) cond.ops.push({ op, value: e.value.value });
      else sink.error('HALONG_SIGMA_SCHEMA', `'correlation.condition.${op}' must be a number, not ${describe(e.value)}`, e.value.loc);
    } else if (e.key === 'field') {
      if (e.value.kind === 'scalar' && typeof e.value.value === 'string') cond.field = e.value.value;
      else sink.error('HALONG_SIGMA_SCHEMA', `'correlation.condition.field' must be one field name, not ${describe(e.value)}`, e.value.loc);
    } else {
      sink.error('HALONG_SIGMA_UNSUPPORTED', `'correlation.condition.${e.key}' is not supported (expected gt, gte, lt, lte, eq, neq, field)`, e.keyLoc);
    }
  }
  if (opKeys === 0) sink.error('HALONG_SIGMA_SCHEMA', "'correlation.condition' needs at least one of gt, gte, lt, lte, eq, neq", node.loc);
  if (NEEDS_FIELD.includes(type) && cond.field === undefined) sink.error('HALONG_SIGMA_SCHEMA', `correlation type ${type} needs 'condition.field'`, node.loc);
  if (!NEEDS_FIELD.includes(type) && cond.field !== undefined) sink.warn('HALONG_SIGMA_SCHEMA', `'condition.field' has no meaning for correlation type ${type}; ignored`, node.loc);
  if (!NEEDS_FIELD.includes(type)) delete cond.field;
  return cond;
}

function readAliases(node: YNode | undefined, sink: ProblemSink): Record<string, Record<string, string>> {
  const aliases: Record<string, Record<string, string>> = {};
  if (!node) return aliases;
  if (node.kind !== 'map') {
    sink.error('HALONG_SIGMA_SCHEMA', `'correlation.aliases' must be a map, not ${describe(node)}`, node.loc);
    return aliases;
  }
  for (const alias of node.entries) {
    if (alias.value.kind !== 'map') {
      sink.error('HALONG_SIGMA_SCHEMA', `alias '${alias.key}' must map rule names to field names`, alias.value.loc);
      continue;
    }
    const mapping: Record<string, string> = {};
    for (const e of alias.value.entries) {
      if (e.value.kind === 'scalar' && typeof e.value.value === 'string') mapping[e.key] = e.value.value;
      else sink.error('HALONG_SIGMA_SCHEMA', `alias '${alias.key}' for '${e.key}' must be a field name, not ${describe(e.value)}`, e.value.loc);
    }
    aliases[alias.key] = mapping;
  }
  return aliases;
}

/** Builds a correlation rule; undefined when it has errors (they are in `sink`). */
export function buildCorrelation(doc: YMap, sink: ProblemSink): SigmaCorrelation | undefined {
  const common = readCommon(doc, 'correlation', sink);
  const section = child(doc, 'correlation');
  if (section?.kind !== 'map') {
    sink.error('HALONG_SIGMA_SCHEMA', `'correlation' must be a map, not ${section ? describe(section) : 'empty'}`, section?.loc ?? doc.loc);
    return undefined;
  }
  const typeNode = child(section, 'type');
  const type = TYPES.find((t) => typeNode?.kind === 'scalar' && typeNode.value === t);
  if (!type) sink.error('HALONG_SIGMA_SCHEMA', `'correlation.type' must be one of ${TYPES.join(', ')}${typeNode ? `, not ${describe(typeNode)}` : ''}`, typeNode?.loc ?? section.loc);
  const rules = listOrOne(child(section, 'rules'), 'rules', sink);
  if (!rules || rules.length === 0) sink.error('HALONG_SIGMA_SCHEMA', "'correlation.rules' must list at least one rule id or name", child(section, 'rules')?.loc ?? section.loc);
  const groupBy = listOrOne(child(section, 'group-by'), 'group-by', sink);
  if (!groupBy) sink.error('HALONG_SIGMA_SCHEMA', "missing required attribute 'correlation.group-by'", section.loc);
  const spanNode = child(section, 'timespan');
  const timespanMs = spanNode?.kind === 'scalar' ? parseDuration(spanNode.text) : undefined;
  if (timespanMs === undefined) {
    const what = spanNode ? `'correlation.timespan' ${describe(spanNode)} is not a number followed by s, m, h or d` : "missing required attribute 'correlation.timespan'";
    sink.error('HALONG_SIGMA_SCHEMA', what, spanNode?.loc ?? section.loc);
  }
  const condNode = child(section, 'condition');
  let condition: CorrelationCondition | undefined;
  if (condNode && type) condition = readCondition(condNode, type, sink);
  else if (!condNode && type && !TEMPORAL.includes(type)) sink.error('HALONG_SIGMA_SCHEMA', `correlation type ${type} needs 'condition'`, section.loc);
  const genNode = child(section, 'generate');
  const generate = genNode?.kind === 'scalar' && typeof genNode.value === 'boolean' ? genNode.value : false;
  if (genNode && !(genNode.kind === 'scalar' && typeof genNode.value === 'boolean')) sink.error('HALONG_SIGMA_SCHEMA', "'correlation.generate' must be true or false", genNode.loc);
  const aliases = readAliases(child(section, 'aliases'), sink);
  for (const e of section.entries) {
    if (!KNOWN_KEYS.includes(e.key)) sink.warn('HALONG_SIGMA_SCHEMA', `unknown attribute 'correlation.${e.key}' ignored`, e.keyLoc);
  }
  if (sink.hasErrors || !type || !rules || !groupBy || timespanMs === undefined) return undefined;
  const correlation: SigmaCorrelation['correlation'] = { type, rules, groupBy, timespanMs, aliases, generate };
  if (condition) correlation.condition = condition;
  return { type: 'correlation', ...common, correlation };
}
