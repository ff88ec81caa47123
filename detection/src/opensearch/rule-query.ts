// Sigma rule → one OpenSearch query selecting exactly the events the streaming matcher selects:
// logsource conditions AND the condition tree over the searches.
import type { LogsourceMapping } from '../mapping/types';
import type { ConditionNode, FieldTest, Search, SigmaProblem, SigmaRule, SourceRef, ValueTest } from '../sigma/types';
import type { Dsl } from './dsl';
import { and, atLeast, not, or } from './dsl';
import { Unsupported, toProblem } from './errors';
import type { FieldCatalog } from './field-catalog';
import { templateCatalog } from './field-catalog';
import { expandTest } from './placeholders';
import type { ValueContext } from './value-query';
import type { PlainTest } from './value-query';
import { stringTestsClause, valueClause } from './value-query';

/** Options of the query builder. */
export interface QueryOptions {
  /**
   * Field types of the indices searched. Defaults to the events template (every unknown field a
   * keyword); hunts pass the catalog of the real indices (loadFieldCatalog).
   */
  catalog?: FieldCatalog;
}

let defaultCatalog: FieldCatalog | undefined;

interface Ctx extends ValueContext {
  mapping: LogsourceMapping;
}

function context(mapping: LogsourceMapping, options: QueryOptions | undefined): Ctx {
  const catalog = options?.catalog ?? (defaultCatalog ??= templateCatalog());
  const ctx: Ctx = { catalog, mapping, refPaths: (field) => pathsOf(field, ctx) };
  return ctx;
}

/**
 * A FieldTest; `paths` are the ECS paths of its field (OR). Without `all` some test matches some
 * value of some path; with `all` every test is matched by some value of some path.
 */
function fieldTestClause(ft: FieldTest, paths: string[], ctx: Ctx): Dsl {
  const testClause = (test: ValueTest) => or(paths.flatMap((path) => expandTest(test, ctx.mapping).map((t) => valueClause(path, t, ctx))));
  const base = ft.all ? and(ft.tests.map(testClause)) : anyOf(ft.tests, paths, ctx);
  return ft.negate ? not(base) : base;
}

/** OR over tests and paths; a path's many string tests become one clause (stringTestsClause). */
function anyOf(tests: readonly ValueTest[], paths: string[], ctx: Ctx): Dsl {
  const expanded = tests.flatMap((test) => expandTest(test, ctx.mapping));
  const strings = expanded.filter((t): t is Extract<PlainTest, { kind: 'string' }> => t.kind === 'string');
  const others = expanded.filter((t) => t.kind !== 'string');
  return or(paths.flatMap((path) => [stringTestsClause(path, strings, ctx), ...others.map((t) => valueClause(path, t, ctx))]));
}

/** The ECS paths of a Sigma field; a field the pipeline maps nowhere makes the rule unusable, as in the stream. */
function pathsOf(field: string, ctx: Ctx): string[] {
  const paths = ctx.mapping.field(field);
  if (paths.length === 0) throw new Unsupported(`field "${field}" has no ECS path in the pipeline for ${ctx.mapping.key}`, 'HALONG_SIGMA_MAPPING');
  return paths;
}

function searchClause(search: Search, ctx: Ctx): Dsl {
  if (search.kind === 'maps') {
    return or(search.alternatives.map((alt) => and(alt.map((ft) => fieldTestClause(ft, pathsOf(ft.field, ctx), ctx)))));
  }
  const everyField = ctx.mapping.keywordFields.length === 0;
  const fields = everyField ? ctx.catalog.stringFields() : ctx.mapping.keywordFields;
  if (!fields) throw new Unsupported('a keyword search over every field needs the field list of the searched indices (loadFieldCatalog)');
  const clauses = search.tests.map((test) => {
    if (everyField && (test.kind === 'null' || test.kind === 'exists' || test.kind === 'fieldref')) {
      throw new Unsupported('a keyword search over every field cannot test null, existence or field references');
    }
    const alts = expandTest(test, ctx.mapping);
    return or(fields.flatMap((f) => alts.map((t) => valueClause(f, t, ctx))));
  });
  return search.all ? and(clauses) : or(clauses);
}

function conditionClause(node: ConditionNode, searches: Record<string, Search>, ctx: Ctx, memo: Map<string, Dsl>): Dsl {
  const ref = (name: string): Dsl => {
    const cached = memo.get(name);
    if (cached) return cached;
    const search = searches[name];
    if (!search || !Object.prototype.hasOwnProperty.call(searches, name)) throw new Unsupported(`the condition names "${name}", which is not a search of the rule`, 'HALONG_SIGMA_REFERENCE');
    const clause = searchClause(search, ctx);
    memo.set(name, clause);
    return clause;
  };
  switch (node.kind) {
    case 'and':
      return and(node.children.map((c) => conditionClause(c, searches, ctx, memo)));
    case 'or':
      return or(node.children.map((c) => conditionClause(c, searches, ctx, memo)));
    case 'not':
      return not(conditionClause(node.child, searches, ctx, memo));
    case 'ref':
      return ref(node.name);
    case 'of':
      return atLeast(node.count === 'all' ? node.names.length : node.count, node.names.map(ref));
  }
}

/** The logsource conditions of a mapping alone (FieldTests on ECS paths, AND). */
export function logsourceQuery(mapping: LogsourceMapping, options?: QueryOptions): { query: Dsl } | SigmaProblem {
  try {
    const ctx = context(mapping, options);
    return { query: and(mapping.conditions.map((ft) => fieldTestClause(ft, [ft.field], ctx))) };
  } catch (err) {
    return toProblem(err, { file: `pipeline:${mapping.key}` }, undefined);
  }
}

/**
 * A condition over searches, without the logsource conditions (e.g. a filter's, or a rule's
 * detection alone). Field names are Sigma's, mapped through `mapping`.
 */
export function conditionToQuery(
  condition: ConditionNode,
  searches: Record<string, Search>,
  mapping: LogsourceMapping,
  options?: QueryOptions,
  origin: { source: SourceRef; ruleId?: string } = { source: { file: '<condition>' } },
): { query: Dsl } | SigmaProblem {
  try {
    return { query: conditionClause(condition, searches, context(mapping, options), new Map()) };
  } catch (err) {
    return toProblem(err, origin.source, origin.ruleId);
  }
}

/**
 * The query selecting the events a rule matches: its logsource conditions AND its condition.
 * A SigmaProblem (HALONG_SIGMA_UNSUPPORTED and the reason) when part of the rule cannot be
 * expressed exactly in OpenSearch.
 */
export function ruleToQuery(rule: SigmaRule, mapping: LogsourceMapping, options?: QueryOptions): { query: Dsl } | SigmaProblem {
  try {
    const ctx = context(mapping, options);
    const logsource = and(mapping.conditions.map((ft) => fieldTestClause(ft, [ft.field], ctx)));
    const detection = conditionClause(rule.detection.condition, rule.detection.searches, ctx, new Map());
    return { query: and([logsource, detection]) };
  } catch (err) {
    return toProblem(err, rule.source, rule.id);
  }
}

/**
 * The ECS paths a rule reads (for loadFieldCatalog); undefined when a keyword search without
 * keyword fields reads every field.
 */
export function rulePaths(rule: SigmaRule, mapping: LogsourceMapping): string[] | undefined {
  const paths = new Set<string>(mapping.conditions.map((c) => c.field));
  const addTests = (ft: FieldTest, own: string[]) => {
    for (const p of own) paths.add(p);
    for (const t of ft.tests) if (t.kind === 'fieldref') for (const p of mapping.field(t.field)) paths.add(p);
  };
  for (const ft of mapping.conditions) addTests(ft, [ft.field]);
  for (const search of Object.values(rule.detection.searches)) {
    if (search.kind === 'maps') for (const alt of search.alternatives) for (const ft of alt) addTests(ft, mapping.field(ft.field));
    else if (mapping.keywordFields.length) for (const f of mapping.keywordFields) paths.add(f);
    else return undefined;
  }
  return [...paths].sort();
}
