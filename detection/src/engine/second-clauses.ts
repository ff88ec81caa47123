// Which second clauses (requirements.ts secondClause) are worth indexing. A second clause saves
// the evaluations in which the first holds and it does not, but its atoms cost scans of their
// own: an exact value on a field no rule of the logsource looks up is one more read per event,
// and a substring added to a set a few anchors cover (anchors.ts) can undo the native gate, so
// a 6 KiB PowerShell message would be lower-cased and scanned at every event. Measured on the
// bench stream, indexing every second clause cost more than it saved; indexing those that add
// no new kind of work saved ~20% on web and Linux process events.
import { chooseAnchors } from './anchors';
import { LEAVES_PATH, type Clause } from './requirements';

/** A clause and the logsource group of its rule. */
export interface GroupClause {
  group: number;
  clause: Clause;
}

/**
 * For each of `seconds`, whether every atom is of a kind the `firsts` of its group already
 * index at that path: an exact value where exact values are looked up, a substring where the
 * substrings are too many for anchors (the text is scanned in full anyway). Never the leaves.
 */
export function addsNoWork(firsts: readonly GroupClause[], seconds: readonly GroupClause[]): boolean[] {
  const byGroup = new Map<number, Map<string, { eq: boolean; subs: Set<string> }>>();
  for (const { group, clause } of firsts) {
    let paths = byGroup.get(group);
    if (paths === undefined) byGroup.set(group, (paths = new Map()));
    for (const atom of clause) {
      let slot = paths.get(atom.path);
      if (slot === undefined) paths.set(atom.path, (slot = { eq: false, subs: new Set() }));
      if (atom.kind === 'eq') slot.eq = true;
      else slot.subs.add(atom.text);
    }
  }
  const scannedInFull = new Map<{ subs: Set<string> }, boolean>();
  const inFull = (slot: { subs: Set<string> }): boolean => {
    let known = scannedInFull.get(slot);
    if (known === undefined) scannedInFull.set(slot, (known = slot.subs.size > 0 && chooseAnchors([...slot.subs]) === undefined));
    return known;
  };
  return seconds.map(({ group, clause }) =>
    clause.every((atom) => {
      if (atom.path === LEAVES_PATH) return false;
      const slot = byGroup.get(group)?.get(atom.path);
      if (slot === undefined) return false;
      return atom.kind === 'eq' ? slot.eq : inFull(slot);
    }),
  );
}
