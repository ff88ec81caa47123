// One ValueTest on one ECS path, whatever that path is mapped to in each searched index: a
// clause per mapping, restricted to the indices having it when they disagree (a wildcard query
// on an index where the field is a long would fail that shard instead of matching nothing).
import type { ValueTest } from '../sigma/types';
import type { Dsl } from './dsl';
import { MATCH_NONE, and, exists, not, onIndices, or, term } from './dsl';
import { Unsupported } from './errors';
import type { FieldCatalog, FieldVariant } from './field-catalog';
import type { GlobPart } from './lucene-syntax';
import { fieldRefScript, onlyEmptyScript, timePartScript } from './scripts';
import type { Target } from './typed-clauses';
import { booleanClause, cidrClause, kindOf, numberClause, regexClause, stringClause } from './typed-clauses';

/** A ValueTest whose placeholders are expanded. */
export type PlainTest = Exclude<ValueTest, { kind: 'string' }> | { kind: 'string'; pattern: GlobPart[]; cased: boolean };

/** What valueClause needs besides the test. */
export interface ValueContext {
  catalog: FieldCatalog;
  /** ECS paths of a field named by a `fieldref` test. */
  refPaths(field: string): string[];
}

const TEXT = new Set(['text', 'match_only_text']);

function targetOf(path: string, v: FieldVariant): Target {
  if (TEXT.has(v.type)) {
    if (!v.exact) throw new Unsupported(`${path} is a text field without a keyword sub-field: whole values cannot be matched`);
    return { path: v.exact.path, type: v.exact.type, kind: kindOf(v.exact.type), docValues: v.exact.type === 'keyword' };
  }
  if (!v.searchable) throw new Unsupported(`${path} is not indexed`);
  return { path, type: v.type, kind: kindOf(v.type), docValues: v.docValues };
}

/** The same clause on every mapping of a path. */
function perVariant(path: string, ctx: ValueContext, clause: (t: Target) => Dsl): Dsl {
  const variants = ctx.catalog.variants(path);
  return or(variants.map((v) => onIndices(variants.length > 1 ? v.indices : undefined, clause(targetOf(path, v)))));
}

/** Paths whose presence means the field has a value (text fields: also the keyword, which indexes ""). */
function presencePaths(path: string, ctx: ValueContext): string[] {
  return [...new Set([path, ...ctx.catalog.variants(path).flatMap((v) => (v.exact ? [v.exact.path] : []))])];
}

/** Doc-values paths of a field, for scripts; every mapping must offer the same ones. */
function scriptPaths(path: string, ctx: ValueContext, what: string): string[] {
  const targets = ctx.catalog.variants(path).map((v) => targetOf(path, v));
  for (const t of targets) {
    if (!t.docValues) throw new Unsupported(`${what} on ${path} needs doc values, which this ${t.type} field does not keep`);
    if (t.kind === 'date' && what === 'fieldref') throw new Unsupported(`fieldref on ${path}, a date field (its original text is not kept)`);
  }
  const paths = [...new Set(targets.map((t) => t.path))];
  if (paths.length > 1) throw new Unsupported(`${what} on ${path}: it is a text field in some indices and not in others`);
  return paths;
}

/** The clause for one test on one ECS path. */
export function valueClause(path: string, test: PlainTest, ctx: ValueContext): Dsl {
  switch (test.kind) {
    case 'null': {
      // Absent, null or "" — or only such values: "" and nothing else (only string fields hold "").
      const empty = perVariant(path, ctx, (t) => (t.kind === 'string' && t.docValues ? and([term(t.path, ''), onlyEmptyScript([t.path])]) : MATCH_NONE));
      return or([not(or(presencePaths(path, ctx).map(exists))), empty]);
    }
    case 'exists': {
      const present = or(presencePaths(path, ctx).map(exists));
      return test.value ? present : not(present);
    }
    case 'string':
      return perVariant(path, ctx, (t) => stringClause(t, test.pattern, test.cased));
    case 'regex':
      return perVariant(path, ctx, (t) => regexClause(t, test.source, test.flags));
    case 'number':
      return perVariant(path, ctx, (t) => numberClause(t, test.op, test.value));
    case 'boolean':
      return perVariant(path, ctx, (t) => booleanClause(t, test.value));
    case 'cidr':
      return perVariant(path, ctx, (t) => cidrClause(t, test.network));
    case 'fieldref': {
      const others = ctx.refPaths(test.field).flatMap((p) => scriptPaths(p, ctx, 'fieldref'));
      if (others.length === 0) return MATCH_NONE;
      return fieldRefScript(scriptPaths(path, ctx, 'fieldref'), [...new Set(others)], test.position, test.cased);
    }
    case 'time-part':
      return timePartScript(scriptPaths(path, ctx, test.unit), test.unit, test.value);
  }
}

/**
 * Lucene refuses a query of more than 1,024 clauses (indices.query.bool.max_clause_count), and
 * unions of that many case-folded patterns as one regexp do not determinize in reasonable time.
 */
export const MAX_PATTERNS_PER_FIELD = 1000;

/** Several string tests on one path, any of which may match (OR). */
export function stringTestsClause(path: string, tests: Extract<PlainTest, { kind: 'string' }>[], ctx: ValueContext): Dsl {
  if (tests.length > MAX_PATTERNS_PER_FIELD) {
    throw new Unsupported(`${tests.length} patterns on ${path}: more than OpenSearch's 1,024-clause limit allows in one query (the streaming matcher runs it)`);
  }
  return or(tests.map((t) => valueClause(path, t, ctx)));
}
