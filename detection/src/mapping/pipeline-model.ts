// The in-memory form of pipeline files (detection/pipelines/*.yml) after validation. The file
// format itself is documented in detection/pipelines/README.md.
import type { Pos } from './yaml-tree';

/** The logsource keys an entry can constrain. */
export const LOGSOURCE_KEYS = ['product', 'category', 'service'] as const;
export type LogsourceKey = (typeof LOGSOURCE_KEYS)[number];

/**
 * What an entry requires of one logsource key: a value (equal, case-insensitive), `'*'` (the
 * rule must have the key, any value) or `null` (the rule must not have the key). A key the entry
 * does not name is unconstrained.
 */
export type LogsourceConstraint = string | null;

/** A Sigma field → ECS paths map (several paths are OR-ed). */
export type FieldMap = Readonly<Record<string, readonly string[]>>;

/** One condition value: strings may hold `{product}`, `{category}`, `{service}` templates. */
export type ConditionValue = string | number | boolean;

/** One pipeline entry: which rules it serves, how their events are routed and fields mapped. */
export interface PipelineEntry {
  logsource: Partial<Record<LogsourceKey, LogsourceConstraint>>;
  /** Key template (`{product}`-style placeholders); derived from the logsource when not written. */
  key: string;
  conditions: { field: string; values: ConditionValue[]; pos: Pos }[];
  /** Inline map, looked up first. */
  fields: FieldMap;
  /** Named maps, looked up in order after `fields`. */
  use: { name: string; pos: Pos }[];
  unmapped?: string[];
  keywordFields?: string[];
  placeholders: Readonly<Record<string, readonly string[]>>;
  pos: Pos;
  /** The file-level defaults of the file the entry was written in. */
  defaults: PipelineDefaults;
  /** Definition order across all loaded files (later overrides earlier on ties). */
  order: number;
}

/** Lookups applied after an entry's own, for every entry of one file. */
export interface PipelineDefaults {
  fields: FieldMap;
  use: { name: string; pos: Pos }[];
  unmapped?: string[];
  keywordFields?: string[];
}

/** One validated pipeline file. */
export interface PipelineFile {
  file: string;
  name: string;
  description?: string;
  fieldMaps: Record<string, { map: FieldMap; pos: Pos }>;
  placeholders: Record<string, readonly string[]>;
  defaults: PipelineDefaults;
  entries: PipelineEntry[];
}

/** The template placeholders a pipeline may use. */
export const TEMPLATE_NAMES = ['product', 'category', 'service', 'field'] as const;

/** Placeholders (`{name}`) used in a template string. */
export function templateNames(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}
