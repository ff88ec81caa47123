// Detection rules (specification "Sigma Rules"): metadata, logsource, detection, fields, related.
import type { SigmaLogsource, SigmaRule } from './types';
import { buildDetection } from './detection';
import { isUuid, readCommon, stringList } from './metadata';
import type { ProblemSink } from './problems';
import { child, describe } from './yaml-tree';
import type { Loc, YMap, YNode } from './yaml-tree';

// "Currently the following types are defined" (Identification); `correlation` since 2.0.0.
const RELATED_TYPES = ['correlation', 'derived', 'obsolete', 'merged', 'renamed', 'similar'];
const LOGSOURCE_KEYS = ['category', 'product', 'service', 'definition'] as const;

/** The `logsource:` map (rules and filters). Extra keys are allowed ("..." in the spec) and kept in raw. */
export function readLogsource(node: YNode | undefined, sink: ProblemSink, fallback: Loc): SigmaLogsource | undefined {
  if (!node) {
    sink.error('HALONG_SIGMA_SCHEMA', "missing required attribute 'logsource'", fallback);
    return undefined;
  }
  if (node.kind !== 'map') {
    sink.error('HALONG_SIGMA_SCHEMA', `'logsource' must be a map, not ${describe(node)}`, node.loc);
    return undefined;
  }
  const logsource: SigmaLogsource = {};
  for (const key of LOGSOURCE_KEYS) {
    const value = child(node, key);
    if (!value || (value.kind === 'scalar' && value.value === null)) continue;
    if (value.kind !== 'scalar' || typeof value.value !== 'string') {
      sink.error('HALONG_SIGMA_SCHEMA', `'logsource.${key}' must be a string, not ${describe(value)}`, value.loc);
      continue;
    }
    logsource[key] = value.value;
    // "Their values are in lower case and spaces are replaced by a _" — a convention, so a warning.
    if (key !== 'definition' && !/^[a-z0-9_.-]+$/.test(value.value)) {
      sink.warn('HALONG_SIGMA_SCHEMA', `'logsource.${key}' '${value.value}' should be lower case without spaces`, value.loc);
    }
  }
  return logsource;
}

function readRelated(node: YNode | undefined, sink: ProblemSink): { id: string; type: string }[] {
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'seq') {
    sink.error('HALONG_SIGMA_SCHEMA', `'related' must be a list, not ${describe(node)}`, node.loc);
    return [];
  }
  const out: { id: string; type: string }[] = [];
  for (const item of node.items) {
    const id = item.kind === 'map' ? child(item, 'id') : undefined;
    const type = item.kind === 'map' ? child(item, 'type') : undefined;
    if (id?.kind !== 'scalar' || typeof id.value !== 'string' || type?.kind !== 'scalar' || typeof type.value !== 'string') {
      sink.error('HALONG_SIGMA_SCHEMA', "each 'related' entry needs an 'id' and a 'type'", item.loc);
      continue;
    }
    if (!isUuid(id.value)) sink.error('HALONG_SIGMA_SCHEMA', `'related' id '${id.value}' is not a UUID`, id.loc);
    if (!RELATED_TYPES.includes(type.value)) {
      sink.error('HALONG_SIGMA_SCHEMA', `'related' type must be one of ${RELATED_TYPES.join(', ')}, not '${type.value}'`, type.loc);
    }
    out.push({ id: id.value, type: type.value });
  }
  return out;
}

/** Builds a rule; undefined when it has errors (they are in `sink`). */
export function buildRule(doc: YMap, sink: ProblemSink): SigmaRule | undefined {
  const common = readCommon(doc, 'rule', sink);
  const logsource = readLogsource(child(doc, 'logsource'), sink, doc.loc);
  const detection = buildDetection(child(doc, 'detection'), sink, doc.loc);
  const fields = stringList(child(doc, 'fields'), 'fields', sink);
  const related = readRelated(child(doc, 'related'), sink);
  if (sink.hasErrors || !logsource || !detection) return undefined;
  return { type: 'rule', ...common, logsource, detection, fields, related };
}
