// Tags (specification "Tags" and the tags appendix 2.1.0): namespaced, dot-separated.
import type { RuleTags } from './types';

// ATT&CK object identifiers under `attack.`: techniques tNNNN[.NNN], groups gNNNN, software sNNNN,
// data sources dsNNNN, mitigations mNNNN, assets aNNNN (appendix), campaigns cNNNN.
const TECHNIQUE = /^attack\.t(\d{4})(?:\.(\d{3}))?$/i;
// Tactics are words joined by hyphens (attack.defense-evasion). Matching the shape rather than a
// fixed list keeps tactics added by later ATT&CK versions (e.g. stealth, defense-impairment).
const TACTIC = /^attack\.([a-z]+(?:-[a-z]+)*)$/;
// "Character set: lower-case letters, numerals, underscores and hyphens … the dot is used as
// separator". D3FEND artifact names are CamelCase in the appendix's own examples.
const TAG_SHAPE = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/;
const D3FEND_SHAPE = /^d3fend\.[A-Za-z0-9_-]+$/;

/** Splits tags into ATT&CK tactics and techniques; every tag stays in `all`. */
export function splitTags(tags: readonly string[]): RuleTags {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const t = TECHNIQUE.exec(tag);
    if (t) {
      const id = `T${t[1]}${t[2] ? `.${t[2]}` : ''}`;
      if (!techniques.includes(id)) techniques.push(id);
      continue;
    }
    const tactic = TACTIC.exec(tag)?.[1];
    if (tactic && !tactics.includes(tactic)) tactics.push(tactic);
  }
  return { all: [...tags], tactics, techniques };
}

/** Whether a tag follows the specification's recommended syntax (a style check, not an error). */
export function isWellFormedTag(tag: string): boolean {
  return TAG_SHAPE.test(tag) || D3FEND_SHAPE.test(tag);
}
