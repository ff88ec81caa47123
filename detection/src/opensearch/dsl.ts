// Boolean combinators over Query DSL that keep the output compact: constants fold away, nested
// bools of the same kind flatten, and plain term queries on one field merge into `terms`.

/** One Query DSL clause, e.g. `{ term: { 'user.name': 'root' } }`. */
export type Dsl = Record<string, unknown>;

/** Matches every document. */
export const MATCH_ALL: Dsl = { match_all: {} };
/** Matches no document. */
export const MATCH_NONE: Dsl = { match_none: {} };

const isAll = (q: Dsl) => 'match_all' in q;
const isNone = (q: Dsl) => 'match_none' in q;

interface BoolBody {
  filter?: Dsl[];
  should?: Dsl[];
  must_not?: Dsl[];
  minimum_should_match?: number;
}

function boolOf(q: Dsl): BoolBody | undefined {
  return Object.keys(q).length === 1 && 'bool' in q ? (q.bool as BoolBody) : undefined;
}

const only = (b: BoolBody, keys: string[]) => Object.keys(b).every((k) => keys.includes(k));

/** A bool that is only a conjunction (filter and/or must_not; a named bool is kept whole). */
function conjunction(q: Dsl): BoolBody | undefined {
  const b = boolOf(q);
  return b && only(b, ['filter', 'must_not']) ? b : undefined;
}

/** A bool that is only `should` with minimum_should_match 1. */
function disjunction(q: Dsl): Dsl[] | undefined {
  const b = boolOf(q);
  return b && b.should && only(b, ['should', 'minimum_should_match']) && b.minimum_should_match === 1 ? b.should : undefined;
}

/** Every clause (bool filter / must_not). */
export function and(clauses: Dsl[]): Dsl {
  const filter: Dsl[] = [];
  const mustNot: Dsl[] = [];
  for (const c of clauses) {
    if (isNone(c)) return MATCH_NONE;
    if (isAll(c)) continue;
    const b = conjunction(c);
    if (b) {
      filter.push(...(b.filter ?? []));
      mustNot.push(...(b.must_not ?? []));
    } else filter.push(c);
  }
  if (mustNot.length === 0) return filter.length === 0 ? MATCH_ALL : filter.length === 1 ? filter[0]! : { bool: { filter } };
  return { bool: { ...(filter.length ? { filter } : {}), must_not: mustNot } };
}

/** Any clause (bool should, minimum_should_match 1). */
export function or(clauses: Dsl[]): Dsl {
  const should: Dsl[] = [];
  for (const c of clauses) {
    if (isAll(c)) return MATCH_ALL;
    if (isNone(c)) continue;
    should.push(...(disjunction(c) ?? [c]));
  }
  const merged = mergeTerms(should);
  if (merged.length === 0) return MATCH_NONE;
  return merged.length === 1 ? merged[0]! : { bool: { should: merged, minimum_should_match: 1 } };
}

/** The complement of a clause (bool must_not). */
export function not(clause: Dsl): Dsl {
  if (isAll(clause)) return MATCH_NONE;
  if (isNone(clause)) return MATCH_ALL;
  const b = boolOf(clause);
  if (b && b.must_not?.length === 1 && only(b, ['must_not'])) return b.must_not[0]!;
  return { bool: { must_not: [clause] } };
}

/** At least `n` of the clauses (each counts once). */
export function atLeast(n: number, clauses: Dsl[]): Dsl {
  if (n <= 0) return MATCH_ALL;
  if (n === 1) return or(clauses);
  const live = clauses.filter((c) => !isNone(c));
  const sure = live.filter(isAll).length;
  const rest = live.filter((c) => !isAll(c));
  const need = n - sure;
  if (need <= 0) return MATCH_ALL;
  if (need > rest.length) return MATCH_NONE;
  if (need === rest.length) return and(rest);
  if (need === 1) return or(rest);
  return { bool: { should: rest, minimum_should_match: need } };
}

type Scalar = string | number | boolean;

/** `{ term: { f: v } }` or `{ term: { f: { value: v } } }` with no other option → [f, v]. */
function plainTerm(q: Dsl): [string, Scalar] | undefined {
  if (Object.keys(q).length !== 1 || !('term' in q)) return undefined;
  const entries = Object.entries(q.term as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [field, spec] = entries[0]!;
  if (typeof spec !== 'object' || spec === null) return [field, spec as Scalar];
  const keys = Object.keys(spec);
  return keys.length === 1 && keys[0] === 'value' ? [field, (spec as { value: Scalar }).value] : undefined;
}

function plainTerms(q: Dsl): [string, Scalar[]] | undefined {
  if (Object.keys(q).length !== 1 || !('terms' in q)) return undefined;
  const entries = Object.entries(q.terms as Record<string, unknown>);
  return entries.length === 1 && Array.isArray(entries[0]![1]) ? [entries[0]![0], entries[0]![1] as Scalar[]] : undefined;
}

function mergeTerms(clauses: Dsl[]): Dsl[] {
  const byField = new Map<string, Scalar[]>();
  const out: (Dsl | string)[] = [];
  for (const c of clauses) {
    const t = plainTerm(c);
    const ts = t ? [t[0], [t[1]]] as const : plainTerms(c);
    if (!ts) {
      out.push(c);
      continue;
    }
    const [field, values] = ts;
    if (!byField.has(field)) {
      byField.set(field, []);
      out.push(field);
    }
    const list = byField.get(field)!;
    for (const v of values) if (!list.includes(v)) list.push(v);
  }
  return out.map((c) => {
    if (typeof c !== 'string') return c;
    const values = byField.get(c)!;
    return values.length === 1 ? { term: { [c]: values[0] } } : { terms: { [c]: values } };
  });
}

/** Restricts a clause to some indices: other indices skip it without even parsing it (mapping conflicts). */
export function onIndices(indices: string[] | undefined, clause: Dsl): Dsl {
  if (!indices || isNone(clause)) return clause;
  return and([{ terms: { _index: indices } }, clause]);
}

/** The field has a value. */
export const exists = (field: string): Dsl => ({ exists: { field } });
/** An exact value. */
export const term = (field: string, value: Scalar): Dsl => ({ term: { [field]: value } });
