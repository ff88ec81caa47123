// Search identifiers (specification "Detection"): maps of `field|modifiers: values` (AND), lists
// of maps (OR) and keyword lists (values searched in the whole event).
import type { FieldTest, Search } from './types';
import { applyModifiers } from './modifiers';
import { SigmaBuildError } from './problems';
import type { ProblemSink } from './problems';
import { describe } from './yaml-tree';
import type { Loc, YEntry, YMap, YNode, YScalar } from './yaml-tree';

function splitKey(key: string): { field: string | undefined; modifiers: string[] } {
  const [field = '', ...modifiers] = key.split('|');
  return { field: field === '' ? undefined : field, modifiers };
}

/** The scalar values of a field entry: a scalar, or a list of scalars. */
function valueList(node: YNode, what: string, sink: ProblemSink): YScalar[] {
  if (node.kind === 'scalar') return [node];
  if (node.kind === 'map') throw new SigmaBuildError('HALONG_SIGMA_VALUE', `${what} has a map as value; use a list of values or a list of maps`, node.loc);
  const values: YScalar[] = [];
  for (const item of node.items) {
    if (item.kind !== 'scalar') throw new SigmaBuildError('HALONG_SIGMA_VALUE', `${what} has ${describe(item)} inside its value list`, item.loc);
    values.push(item);
  }
  if (values.length === 0) {
    // pySigma reads an empty value list as `null`; keep that, but it is rarely what was meant.
    sink.warn('HALONG_SIGMA_VALUE', `${what} has an empty value list; it is read as null (field absent or empty)`, node.loc);
    return [{ kind: 'scalar', value: null, text: '', loc: node.loc }];
  }
  if (values.length > 1 && values.some((v) => v.value === null)) {
    // Specification, "Special Field Values": null "cannot be part of a list of field values".
    const at = values.find((v) => v.value === null)?.loc ?? node.loc;
    throw new SigmaBuildError('HALONG_SIGMA_VALUE', `${what}: null cannot be part of a list of values; put it in its own search identifier`, at);
  }
  return values;
}

function fieldTests(e: YEntry, sink: ProblemSink): FieldTest[] {
  const { field, modifiers } = splitKey(e.key);
  if (field === undefined) throw new SigmaBuildError('HALONG_SIGMA_UNSUPPORTED', `a keyword entry '${e.key}' cannot be combined with field entries in one map`, e.keyLoc);
  const values = valueList(e.value, `field '${e.key}'`, sink);
  const mod = applyModifiers(field, modifiers, values, e.keyLoc);
  const expanded = mod.groups.some((g) => g.length > 1);
  if (!mod.all || !expanded) return [{ field, modifiers, tests: mod.groups.flat(), all: mod.all, negate: mod.negate }];
  // `all` over values that expanded into variants (windash, base64offset): each written value
  // must match in one of its variants, i.e. one OR-entry per value, AND-ed in the map.
  if (mod.negate) {
    throw new SigmaBuildError('HALONG_SIGMA_UNSUPPORTED', `'neq' with 'all' and an expanding modifier cannot be expressed ('${e.key}')`, e.keyLoc);
  }
  return mod.groups.map((tests) => ({ field, modifiers, tests, all: false, negate: false }));
}

function keywordSearch(key: string | undefined, node: YNode, loc: Loc, sink: ProblemSink): Search {
  const modifiers = key === undefined ? [] : splitKey(key).modifiers;
  const values = valueList(node, key === undefined ? 'keyword list' : `keyword entry '${key}'`, sink);
  if (values.some((v) => v.value === null)) throw new SigmaBuildError('HALONG_SIGMA_VALUE', 'a keyword cannot be null (null must be bound to a field)', loc);
  const mod = applyModifiers(undefined, modifiers, values, loc);
  if (mod.negate) throw new SigmaBuildError('HALONG_SIGMA_UNSUPPORTED', "'neq' on keywords is not supported; negate the identifier in the condition", loc);
  if (mod.all && mod.groups.some((g) => g.length > 1)) {
    throw new SigmaBuildError('HALONG_SIGMA_UNSUPPORTED', "'all' on keywords with an expanding modifier cannot be expressed; use one identifier per keyword", loc);
  }
  return { kind: 'keywords', tests: mod.groups.flat(), all: mod.all, source: sink.source(loc) };
}

function isKeywordMap(map: YMap): boolean {
  return map.entries.length === 1 && splitKey(map.entries[0]?.key ?? '').field === undefined;
}

function alternative(map: YMap, sink: ProblemSink): FieldTest[] {
  if (map.entries.length === 0) throw new SigmaBuildError('HALONG_SIGMA_VALUE', 'empty map in a search identifier', map.loc);
  return map.entries.flatMap((e) => fieldTests(e, sink));
}

function flattenMaps(node: YNode, out: YMap[]): void {
  if (node.kind === 'map') out.push(node);
  else if (node.kind === 'seq') for (const item of node.items) flattenMaps(item, out);
  else throw new SigmaBuildError('HALONG_SIGMA_UNSUPPORTED', `a list mixing maps and plain values (${describe(node)}) is not supported`, node.loc);
}

/** Builds one search identifier; throws SigmaBuildError on the first problem in it. */
export function buildSearch(name: string, node: YNode, sink: ProblemSink): Search {
  const source = sink.source(node.loc);
  if (node.kind === 'scalar') {
    if (node.value === null) throw new SigmaBuildError('HALONG_SIGMA_VALUE', `search identifier '${name}' is empty`, node.loc);
    return keywordSearch(undefined, node, node.loc, sink);
  }
  if (node.kind === 'map') {
    if (isKeywordMap(node)) {
      const e = node.entries[0] as YEntry;
      return keywordSearch(e.key, e.value, e.keyLoc, sink);
    }
    return { kind: 'maps', alternatives: [alternative(node, sink)], source };
  }
  if (node.items.length === 0) throw new SigmaBuildError('HALONG_SIGMA_VALUE', `search identifier '${name}' is an empty list`, node.loc);
  if (node.items.every((i) => i.kind === 'scalar')) return keywordSearch(undefined, node, node.loc, sink);
  const maps: YMap[] = [];
  flattenMaps(node, maps);
  if (maps.length === 1 && isKeywordMap(maps[0] as YMap)) {
    const e = (maps[0] as YMap).entries[0] as YEntry;
    return keywordSearch(e.key, e.value, e.keyLoc, sink);
  }
  return { kind: 'maps', alternatives: maps.map((m) => alternative(m, sink)), source };
}
