// Merges validated pipeline files into one FieldMapper. Later files extend or override earlier
// ones: field maps merge field by field, placeholders and entries with the same logsource
// replace the earlier ones.
import type { FieldTest, SigmaLogsource, SigmaProblem, ValueTest } from '../sigma/types';
import type { FieldMapper, LogsourceMapping } from './types';
import type { LogsourceValues } from './logsource-match';
import { bestEntry, fillTemplate, logsourceValues } from './logsource-match';
import { PipelineError } from './pipeline-errors';
import type { ConditionValue, FieldMap, PipelineEntry, PipelineFile } from './pipeline-model';
import { LOGSOURCE_KEYS } from './pipeline-model';
import type { PipelineProblem } from './yaml-tree';

/** A merged pipeline, as data (for tools that list what is mapped). */
export interface MergedPipeline {
  entries: readonly PipelineEntry[];
  fieldMaps: Readonly<Record<string, FieldMap>>;
  placeholders: Readonly<Record<string, readonly string[]>>;
}

/** Merges files (in order) and checks what only the whole can show; throws PipelineError. */
export function mergePipelineFiles(files: readonly PipelineFile[]): MergedPipeline {
  const fieldMaps: Record<string, Record<string, readonly string[]>> = {};
  const placeholders: Record<string, readonly string[]> = {};
  const entries: PipelineEntry[] = [];
  for (const f of files) {
    for (const [name, { map }] of Object.entries(f.fieldMaps)) fieldMaps[name] = { ...fieldMaps[name], ...map };
    Object.assign(placeholders, f.placeholders);
    for (const e of f.entries) {
      const same = entries.findIndex((x) => sameLogsource(x, e));
      if (same >= 0) entries[same] = e;
      else entries.push(e);
    }
  }
  const problems: PipelineProblem[] = [];
  for (const e of entries) {
    for (const u of [...e.use, ...e.defaults.use]) {
      if (!fieldMaps[u.name]) problems.push({ ...u.pos, message: `no field map named "${u.name}" in any loaded file` });
    }
  }
  const byKey = new Map<string, PipelineEntry>();
  for (const e of entries) {
    const other = byKey.get(e.key);
    if (other) problems.push({ ...e.pos, message: `key "${e.key}" is already used by the entry at ${other.pos.file}:${other.pos.line}` });
    else byKey.set(e.key, e);
  }
  if (problems.length > 0) throw new PipelineError('HALONG_PIPELINE_INVALID', problems);
  return { entries, fieldMaps, placeholders };
}

function sameLogsource(a: PipelineEntry, b: PipelineEntry): boolean {
  return LOGSOURCE_KEYS.every((k) => k in a.logsource === k in b.logsource && a.logsource[k] === b.logsource[k]);
}

/** A FieldMapper over a merged pipeline. */
export function createFieldMapper(name: string, merged: MergedPipeline): FieldMapper {
  const cache = new Map<string, LogsourceMapping>();
  return {
    name,
    forLogsource(logsource: SigmaLogsource): LogsourceMapping | SigmaProblem {
      const values = logsourceValues(logsource);
      const entry = bestEntry(merged.entries, values);
      if (!entry) return noEntry(name, values);
      const cacheKey = `${entry.order}\u0000${JSON.stringify(values)}`;
      let mapping = cache.get(cacheKey);
      if (!mapping) {
        mapping = buildMapping(entry, values, merged);
        cache.set(cacheKey, mapping);
      }
      return mapping;
    },
  };
}

function noEntry(name: string, values: LogsourceValues): SigmaProblem {
  const shown = LOGSOURCE_KEYS.filter((k) => values[k]).map((k) => `${k}=${values[k]}`).join(', ') || 'an empty logsource';
  return {
    code: 'HALONG_SIGMA_MAPPING',
    message: `Pipeline "${name}" has no entry for ${shown}; add one (detection/pipelines/README.md) or give the rule a product.`,
    // The mapper does not know the rule; the compiler replaces this with the rule's file.
    source: { file: `pipeline:${name}` },
    severity: 'error',
  };
}

function buildMapping(entry: PipelineEntry, values: LogsourceValues, merged: MergedPipeline): LogsourceMapping {
  const maps: FieldMap[] = [
    entry.fields,
    ...entry.use.map((u) => merged.fieldMaps[u.name]),
    entry.defaults.fields,
    ...entry.defaults.use.map((u) => merged.fieldMaps[u.name]),
  ];
  const templates = entry.unmapped ?? entry.defaults.unmapped ?? ['{field}'];
  const fieldCache = new Map<string, string[]>();
  const conditions = entry.conditions
    .map((c) => conditionTest(c.field, c.values, values))
    .filter((t): t is FieldTest => t !== undefined);
  return {
    key: fillTemplate(entry.key, values, undefined, '-') ?? entry.key,
    conditions,
    field(sigmaField: string): string[] {
      let paths = fieldCache.get(sigmaField);
      if (!paths) {
        paths = lookup(maps, sigmaField) ?? templates.map((t) => fillTemplate(t, values, sigmaField)).filter((p): p is string => !!p);
        fieldCache.set(sigmaField, paths);
      }
      return [...paths];
    },
    placeholder(name: string): string[] | undefined {
      const list = entry.placeholders[name] ?? merged.placeholders[name];
      return list ? [...list] : undefined;
    },
    keywordFields: [...(entry.keywordFields ?? entry.defaults.keywordFields ?? [])],
  };
}

// Exact name first; then ignoring case, since rule authors are not consistent (`Resultdescription`).
function lookup(maps: readonly FieldMap[], field: string): string[] | undefined {
  for (const m of maps) if (Object.prototype.hasOwnProperty.call(m, field)) return [...m[field]];
  const lower = field.toLowerCase();
  for (const m of maps) {
    const hit = Object.keys(m).find((k) => k.toLowerCase() === lower);
    if (hit) return [...m[hit]];
  }
  return undefined;
}

// A condition whose every value names a logsource key the rule lacks is left out entirely.
function conditionTest(field: string, raw: readonly ConditionValue[], values: LogsourceValues): FieldTest | undefined {
  const tests: ValueTest[] = [];
  for (const v of raw) {
    if (typeof v === 'number') tests.push({ kind: 'number', op: 'eq', value: v });
    else if (typeof v === 'boolean') tests.push({ kind: 'boolean', value: v });
    else {
      const text = fillTemplate(v, values);
      if (text !== undefined) tests.push({ kind: 'string', pattern: [{ kind: 'literal', text }], cased: false });
    }
  }
  if (tests.length === 0) return undefined;
  return { field, modifiers: [], tests, all: false, negate: false };
}
