// Validates one pipeline file (schema version 1, see detection/pipelines/README.md) into a
// PipelineFile. Every problem carries file:line:column; cross-file checks (named maps that do
// not exist, duplicate keys) happen when files are merged.
import { Checker, entryOf, isPath } from './checker';
import type { ConditionValue, FieldMap, LogsourceConstraint, LogsourceKey, PipelineDefaults, PipelineEntry, PipelineFile } from './pipeline-model';
import { LOGSOURCE_KEYS, TEMPLATE_NAMES, templateNames } from './pipeline-model';
import type { Located, PipelineProblem, Pos } from './yaml-tree';
import { parseLocated } from './yaml-tree';

/** The schema version this loader reads. */
export const PIPELINE_SCHEMA_VERSION = 1;

const TOP_KEYS = ['version', 'name', 'description', 'fieldMaps', 'defaults', 'placeholders', 'entries'];
const DEFAULT_KEYS = ['fields', 'use', 'unmapped', 'keywordFields'];
const ENTRY_KEYS = ['logsource', 'key', 'conditions', 'fields', 'use', 'unmapped', 'keywordFields', 'placeholders'];

/** Reads one file; `nextOrder` numbers entries across files. */
export function readPipelineFile(file: string, text: string, nextOrder: () => number): { pipeline?: PipelineFile; problems: PipelineProblem[] } {
  const parsed = parseLocated(file, text);
  if (!parsed.tree) return { problems: parsed.problems };
  const c = new Checker();
  const top = c.map(parsed.tree, 'a pipeline file', TOP_KEYS);
  if (!top) return { problems: c.problems };
  const version = entryOf(top, 'version');
  if (!version || version.kind !== 'scalar' || version.value !== PIPELINE_SCHEMA_VERSION) {
    c.fail(version?.pos ?? parsed.tree.pos, `"version: ${PIPELINE_SCHEMA_VERSION}" is required`);
  }
  const nameNode = entryOf(top, 'name');
  const name = nameNode ? c.string(nameNode, 'name') : c.fail(parsed.tree.pos, '"name" is required');
  const descNode = entryOf(top, 'description');
  const description = descNode ? c.string(descNode, 'description') : undefined;

  const fieldMaps: PipelineFile['fieldMaps'] = {};
  const mapsNode = entryOf(top, 'fieldMaps');
  for (const e of (mapsNode && c.map(mapsNode, 'fieldMaps')) ?? []) {
    const map = readFieldMap(c, e.value, `fieldMaps.${e.key}`);
    if (map) fieldMaps[e.key] = { map, pos: e.keyPos };
  }
  const defaultsNode = entryOf(top, 'defaults');
  const defaults = defaultsNode ? readDefaults(c, defaultsNode) : emptyDefaults();
  const placeholdersNode = entryOf(top, 'placeholders');
  const placeholders = placeholdersNode ? readPlaceholders(c, placeholdersNode, 'placeholders') : {};

  const entriesNode = entryOf(top, 'entries');
  const entries: PipelineEntry[] = [];
  if (!entriesNode) c.fail(parsed.tree.pos, '"entries" is required (it may be an empty list)');
  else if (entriesNode.kind !== 'seq') c.fail(entriesNode.pos, 'entries must be a list');
  else {
    for (const item of entriesNode.items) {
      const entry = readEntry(c, item, defaults, nextOrder);
      if (entry) entries.push(entry);
    }
  }
  if (c.problems.length > 0 || name === undefined) return { problems: c.problems };
  return { pipeline: { file, name, description, fieldMaps, placeholders, defaults, entries }, problems: [] };
}

function emptyDefaults(): PipelineDefaults {
  return { fields: {}, use: [] };
}

function readDefaults(c: Checker, node: Located): PipelineDefaults {
  const entries = c.map(node, 'defaults', DEFAULT_KEYS);
  const fieldsNode = entryOf(entries, 'fields');
  const useNode = entryOf(entries, 'use');
  const unmappedNode = entryOf(entries, 'unmapped');
  const keywordNode = entryOf(entries, 'keywordFields');
  return {
    fields: (fieldsNode && readFieldMap(c, fieldsNode, 'defaults.fields')) ?? {},
    use: useNode ? readUse(c, useNode, 'defaults.use') : [],
    unmapped: unmappedNode ? readTemplates(c, unmappedNode, 'defaults.unmapped') : undefined,
    keywordFields: keywordNode ? c.paths(keywordNode, 'defaults.keywordFields') : undefined,
  };
}

function readFieldMap(c: Checker, node: Located, what: string): FieldMap | undefined {
  const entries = c.map(node, what);
  if (!entries) return undefined;
  const map: Record<string, string[]> = {};
  for (const e of entries) {
    const paths = c.paths(e.value, `${what}.${e.key}`, true);
    if (e.value.kind === 'seq' && e.value.items.length === 0) c.fail(e.value.pos, `${what}.${e.key} maps to no path`);
    if (paths) map[e.key] = paths;
  }
  return map;
}

function readUse(c: Checker, node: Located, what: string): { name: string; pos: Pos }[] {
  const names = c.strings(node, what, true) ?? [];
  return names.map((name) => ({ name, pos: node.pos }));
}

function readTemplates(c: Checker, node: Located, what: string): string[] | undefined {
  const list = c.paths(node, what, true);
  for (const t of list ?? []) checkTemplate(c, node.pos, t, what, true);
  return list;
}

function readPlaceholders(c: Checker, node: Located, what: string): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const e of c.map(node, what) ?? []) {
    if (e.value.kind === 'scalar' && e.value.value === null) out[e.key] = [];
    else {
      const values = c.strings(e.value, `${what}.${e.key}`);
      if (values) out[e.key] = values;
    }
  }
  return out;
}

function checkTemplate(c: Checker, pos: Pos, template: string, what: string, allowField: boolean): void {
  for (const name of templateNames(template)) {
    const known = (TEMPLATE_NAMES as readonly string[]).includes(name) && (allowField || name !== 'field');
    if (!known) c.fail(pos, `${what}: unknown template "{${name}}" in "${template}"`);
  }
}

function readEntry(c: Checker, node: Located, defaults: PipelineDefaults, nextOrder: () => number): PipelineEntry | undefined {
  const entries = c.map(node, 'an entry', ENTRY_KEYS);
  if (!entries) return undefined;
  const logsource = readLogsource(c, entryOf(entries, 'logsource'), node.pos);
  const conditionsNode = entryOf(entries, 'conditions');
  const conditions: PipelineEntry['conditions'] = [];
  if (!conditionsNode) c.fail(node.pos, 'an entry needs "conditions" (write {} for an entry that routes every event)');
  for (const e of (conditionsNode && c.map(conditionsNode, 'conditions')) ?? []) {
    if (!isPath(e.key)) c.fail(e.keyPos, `condition field "${e.key}" is not a dotted field path`);
    const values = readConditionValues(c, e.value, `conditions.${e.key}`);
    if (values) conditions.push({ field: e.key, values, pos: e.value.pos });
  }
  const keyNode = entryOf(entries, 'key');
  const key = keyNode ? c.string(keyNode, 'key') : logsource && defaultKey(logsource, conditions);
  if (key) checkTemplate(c, keyNode?.pos ?? node.pos, key, 'key', false);
  if (logsource && key) checkKeyCoversConditions(c, keyNode?.pos ?? node.pos, key, conditions);
  const fieldsNode = entryOf(entries, 'fields');
  const useNode = entryOf(entries, 'use');
  const unmappedNode = entryOf(entries, 'unmapped');
  const keywordNode = entryOf(entries, 'keywordFields');
  const placeholdersNode = entryOf(entries, 'placeholders');
  if (!logsource || !key) return undefined;
  return {
    logsource,
    key,
    conditions,
    fields: (fieldsNode && readFieldMap(c, fieldsNode, 'fields')) ?? {},
    use: useNode ? readUse(c, useNode, 'use') : [],
    unmapped: unmappedNode ? readTemplates(c, unmappedNode, 'unmapped') : undefined,
    keywordFields: keywordNode ? c.paths(keywordNode, 'keywordFields') : undefined,
    placeholders: placeholdersNode ? readPlaceholders(c, placeholdersNode, 'placeholders') : {},
    pos: node.pos,
    defaults,
    order: nextOrder(),
  };
}

function readLogsource(c: Checker, node: Located | undefined, entryPos: Pos): PipelineEntry['logsource'] | undefined {
  if (!node) return c.fail(entryPos, 'an entry needs a "logsource"');
  const entries = c.map(node, 'logsource', LOGSOURCE_KEYS);
  if (!entries) return undefined;
  if (entries.length === 0) return c.fail(node.pos, 'logsource must name at least one of product, category, service');
  const out: Partial<Record<LogsourceKey, LogsourceConstraint>> = {};
  for (const e of entries) {
    if (e.value.kind === 'scalar' && e.value.value === null) out[e.key as LogsourceKey] = null;
    else {
      const v = c.string(e.value, `logsource.${e.key} (a value, '*' or null)`);
      if (v !== undefined) out[e.key as LogsourceKey] = v === '*' ? v : v.toLowerCase();
    }
  }
  return out;
}

function readConditionValues(c: Checker, node: Located, what: string): ConditionValue[] | undefined {
  const items = node.kind === 'seq' ? node.items : [node];
  if (node.kind === 'seq' && items.length === 0) return c.fail(node.pos, `${what} must list at least one value`);
  const out: ConditionValue[] = [];
  for (const item of items) {
    if (item.kind !== 'scalar' || item.value === null || item.value === '') {
      c.fail(item.pos, `${what} values must be strings, numbers or booleans, not ${item.kind === 'scalar' ? 'empty' : item.kind}`);
      continue;
    }
    if (typeof item.value === 'string') checkTemplate(c, item.pos, item.value, what, false);
    out.push(item.value);
  }
  return out;
}

// The default key names each logsource value, and a `{placeholder}` for each one the entry
// leaves open but its conditions use, so two rules share a key only when they share conditions.
function defaultKey(logsource: PipelineEntry['logsource'], conditions: PipelineEntry['conditions']): string {
  const used = new Set(conditions.flatMap((cond) => cond.values.flatMap((v) => (typeof v === 'string' ? templateNames(v) : []))));
  const parts: string[] = [];
  for (const k of LOGSOURCE_KEYS) {
    const v = logsource[k];
    if (typeof v === 'string' && v !== '*') parts.push(v);
    else if (v === '*' || used.has(k)) parts.push(`{${k}}`);
  }
  return parts.join('/');
}

function checkKeyCoversConditions(c: Checker, pos: Pos, key: string, conditions: PipelineEntry['conditions']): void {
  const inKey = new Set(templateNames(key));
  for (const cond of conditions) {
    for (const v of cond.values) {
      if (typeof v !== 'string') continue;
      for (const name of templateNames(v)) {
        if (!inKey.has(name)) c.fail(pos, `key "${key}" must contain {${name}}: conditions.${cond.field} depends on it`);
      }
    }
  }
}
