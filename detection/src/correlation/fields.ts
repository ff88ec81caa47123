// Reading hit fields and turning them into group keys and condition values.
import type { CompiledCorrelation } from './types';

/**
 * The value at an ECS path of a hit's fields: a dotted key first (`host.name` as one key),
 * then the nested object path. Absent, null, empty string and empty array all read as undefined,
 * so "missing" has one meaning everywhere.
 */
export function readField(fields: Record<string, unknown>, path: string): unknown {
  let value: unknown = Object.prototype.hasOwnProperty.call(fields, path) ? fields[path] : undefined;
  if (value === undefined && path.includes('.')) {
    let node: unknown = fields;
    for (const part of path.split('.')) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) {
        node = undefined;
        break;
      }
      node = (node as Record<string, unknown>)[part];
    }
    value = node;
  }
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  return value;
}

/** The first path that has a value. */
export function readFirst(fields: Record<string, unknown>, paths: readonly string[]): unknown {
  for (const path of paths) {
    const value = readField(fields, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A value as one string: scalars as written, anything else as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** A number from a number or a numeric string; undefined otherwise. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The group key: `name=value` pairs in group-by order, URI-encoded and joined with `&`.
 * Readable in an alert, unambiguous, and stable across processes (it is a Kafka key).
 * No group-by gives the empty key: one group for the whole correlation.
 */
export function encodeGroupKey(names: readonly string[], values: readonly unknown[]): string {
  return names.map((name, i) => `${encodeURIComponent(name)}=${encodeURIComponent(scalarText(values[i]))}`).join('&');
}

/**
 * The group-by values of a hit for one correlation, or undefined when any is missing: like a
 * SIEM's `stats … by`, a hit without the grouping field belongs to no group.
 */
export function groupValues(c: CompiledCorrelation, ref: string, fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const paths = c.paths.get(ref);
  if (!paths) return undefined;
  const values: Record<string, unknown> = {};
  for (let i = 0; i < c.groupBy.length; i++) {
    const value = readFirst(fields, paths.group[i] ?? []);
    if (value === undefined) return undefined;
    values[c.groupBy[i] as string] = value;
  }
  return values;
}

/** The condition field's value, as the correlation type aggregates it. */
export function conditionValue(c: CompiledCorrelation, ref: string, fields: Record<string, unknown>): string | number | undefined {
  const paths = c.paths.get(ref);
  if (!paths || paths.value.length === 0) return undefined;
  const value = readFirst(fields, paths.value);
  if (value === undefined) return undefined;
  const distinct = c.type === 'value_count' || (c.type === 'value_percentile' && c.percentile === undefined);
  return distinct ? scalarText(value) : numeric(value);
}
