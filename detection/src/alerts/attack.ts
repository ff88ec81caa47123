import type { AttackRef } from '@halong/core';
import type { RuleTags } from '../sigma/types';

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;
// Groups (g0001), software (s0001) and detection-strategy ids are ATT&CK tags but not tactics.
const NOT_TACTIC = /^attack\.[gsd]\d{4}$/i;
const TACTIC = /^attack\.([a-z][a-z_-]*)$/i;

/**
 * ATT&CK tactics and techniques of a rule: the parser's split, completed from the raw tags so a
 * rule built elsewhere (or by an older parser) still yields them. Techniques upper-case, tactics
 * in ATT&CK's hyphenated form (`defense-evasion`), each once, in tag order.
 */
export function attackFromTags(tags: RuleTags): AttackRef {
  const tactics = [...tags.tactics];
  const techniques = [...tags.techniques];
  for (const tag of tags.all) {
    const technique = TECHNIQUE.exec(tag)?.[1];
    const tactic = NOT_TACTIC.test(tag) ? undefined : TACTIC.exec(tag)?.[1];
    if (technique) techniques.push(technique);
    else if (tactic) tactics.push(tactic);
  }
  return {
    tactics: unique(tactics.map((t) => t.toLowerCase().replace(/_/g, '-'))),
    techniques: unique(techniques.map((t) => t.toUpperCase())),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
