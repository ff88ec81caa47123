// Sigma string values: wildcards, escapes and placeholders, exactly as the specification's
// "Escape Character" section and pySigma's SigmaString define them.
import type { PatternPart } from './types';

/**
 * Parses a Sigma string into pattern parts. `*` and `?` are wildcards; a backslash escapes `*`,
 * `?` and itself; before any other character (or at the end) the backslash is a literal, so
 * `C:\Windows` needs no escaping and `\\\\` is two literal backslashes.
 */
export function parseSigmaString(raw: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let acc = '';
  let escaped = false;
  const flush = (): void => {
    if (acc !== '') parts.push({ kind: 'literal', text: acc });
    acc = '';
  };
  for (const c of raw) {
    if (escaped) {
      acc += c === '*' || c === '?' || c === '\\' ? c : `\\${c}`;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === '*' || c === '?') {
      flush();
      parts.push({ kind: c === '*' ? 'any' : 'one' });
    } else {
      acc += c;
    }
  }
  if (escaped) acc += '\\';
  flush();
  return parts;
}

/** Joins neighbouring literal parts (modifiers may produce them) so consumers see canonical patterns. */
export function normalizeParts(parts: PatternPart[]): PatternPart[] {
  const out: PatternPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'literal' && p.text === '') continue;
    if (p.kind === 'literal' && last?.kind === 'literal') out[out.length - 1] = { kind: 'literal', text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

// pySigma's placeholder syntax: `%name%` with a word-character name, not preceded by a backslash.
const PLACEHOLDER = /(?<!\\)%([\p{L}\p{N}_]+)%/gu;

/** The `expand` modifier: `%name%` in literal text becomes a placeholder part; `\%` becomes `%`. */
export function insertPlaceholders(parts: PatternPart[]): PatternPart[] {
  const out: PatternPart[] = [];
  for (const p of parts) {
    if (p.kind !== 'literal') {
      out.push(p);
      continue;
    }
    let last = 0;
    for (const m of p.text.matchAll(PLACEHOLDER)) {
      out.push({ kind: 'literal', text: p.text.slice(last, m.index).replaceAll('\\%', '%') });
      out.push({ kind: 'placeholder', name: m[1] ?? '' });
      last = (m.index ?? 0) + m[0].length;
    }
    out.push({ kind: 'literal', text: p.text.slice(last).replaceAll('\\%', '%') });
  }
  return normalizeParts(out);
}

export function hasWildcard(parts: PatternPart[]): boolean {
  return parts.some((p) => p.kind === 'any' || p.kind === 'one');
}

export function hasPlaceholder(parts: PatternPart[]): boolean {
  return parts.some((p) => p.kind === 'placeholder');
}

/** The text of a pattern made only of literals (callers check for wildcards/placeholders first). */
export function literalText(parts: PatternPart[]): string {
  return parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
}

/** Renders a pattern back to Sigma syntax (escaping literal `*`, `?` and `\` before them), for messages. */
export function renderPattern(parts: PatternPart[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'any') return '*';
      if (p.kind === 'one') return '?';
      if (p.kind === 'placeholder') return `%${p.name}%`;
      return p.text.replace(/[*?]/g, (c) => `\\${c}`);
    })
    .join('');
}
