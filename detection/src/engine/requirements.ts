// What an event must contain for a rule to possibly match, derived while compiling: a CNF
// (AND of clauses, each an OR of atoms) over the lower-cased string forms of ECS fields. It is
// only ever a necessary condition. `not` and negated tests contribute nothing, an OR keeps one
// clause per branch, and a branch that requires nothing makes the whole OR require nothing.
// The index then registers a rule under the atoms of one clause, the most selective one.

/** The pseudo-path of "any string leaf of the event" (keyword searches without keyword fields). */
export const LEAVES_PATH = '\u0000leaves';

/** An ECS path whose lower-cased value equals (`eq`) or contains (`sub`) `text`. */
export interface Atom {
  path: string;
  kind: 'eq' | 'sub';
  text: string;
}

/** An OR of atoms. */
export type Clause = Atom[];

/** An AND of clauses; the empty CNF requires nothing. */
export type Cnf = Clause[];

/** A rule whose best clause holds on most events is not worth indexing. */
export const MAX_INDEXED_SCORE = 0.9;

/** Rough chance that an atom holds on a random event: short substrings hold almost everywhere. */
function atomScore(atom: Atom): number {
  if (atom.kind === 'eq') return 0.02;
  const n = atom.text.length;
  if (n >= 8) return 0.01;
  if (n >= 6) return 0.02;
  if (n >= 4) return 0.05;
  if (n === 3) return 0.15;
  if (n === 2) return 0.4;
  return 0.9;
}

/**
 * Rough chance that a clause holds, as if its atoms were independent. Not a sum: a rule listing
 * 200 long, rare literals is still worth indexing, and the scan costs the same for 2 or 200.
 */
export function clauseScore(clause: Clause): number {
  let none = 1;
  for (const a of clause) none *= 1 - atomScore(a);
  return 1 - none;
}

/** The most selective clause, or null when nothing is required. */
export function bestClause(cnf: Cnf): Clause | null {
  let best: Clause | null = null;
  let bestScore = Infinity;
  for (const clause of cnf) {
    const s = clauseScore(clause);
    if (s < bestScore) {
      best = clause;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The most selective clause other than `best` (the rule's indexed clause), worth indexing too:
 * a rule whose first clause holds on most events of its logsource (`cs-method: GET`, `User:
 * root`) is then evaluated only when a second requirement holds as well. Null when none is.
 */
export function secondClause(cnf: Cnf, best: Clause): Clause | null {
  let second: Clause | null = null;
  let secondScore = MAX_INDEXED_SCORE;
  for (const clause of cnf) {
    if (clause === best || clause.length === 0) continue;
    const s = clauseScore(clause);
    if (s < secondScore) {
      second = clause;
      secondScore = s;
    }
  }
  return second;
}

/** AND: every child's requirements hold. */
export function andCnf(children: Cnf[]): Cnf {
  const out: Cnf = [];
  for (const c of children) out.push(...c);
  return out;
}

/** OR: one clause, the union of each child's best clause; nothing when some child requires nothing. */
export function orCnf(children: Cnf[]): Cnf {
  if (children.length === 0) return [];
  const union: Clause = [];
  const seen = new Set<string>();
  for (const c of children) {
    const best = bestClause(c);
    if (best === null) return [];
    for (const atom of best) {
      const key = atomKey(atom);
      if (!seen.has(key)) {
        seen.add(key);
        union.push(atom);
      }
    }
  }
  return [union];
}

/** A stable identity for deduplication. */
export function atomKey(atom: Atom): string {
  return `${atom.kind}\u0000${atom.path}\u0000${atom.text}`;
}
