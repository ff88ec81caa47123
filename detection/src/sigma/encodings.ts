// The value-expanding string modifiers (base64, base64offset, utf16*, wide, windash), byte for
// byte as pySigma's modifiers.py produces them, so Halong matches what every other Sigma tool
// matches for the same rule.
import type { PatternPart } from './types';
import { hasPlaceholder, hasWildcard, normalizeParts } from './sigma-string';

/**
 * A string value while modifiers are applied. After a utf16 modifier the literal text is
 * "binary": each character (U+0000–U+00FF) stands for one encoded byte, which is what pySigma's
 * strings hold for ASCII input and what base64 must encode.
 */
export interface StrValue {
  parts: PatternPart[];
  binary: boolean;
  cased: boolean;
}

function mapLiterals(v: StrValue, f: (text: string) => string): PatternPart[] {
  return v.parts.map((p) => (p.kind === 'literal' ? { kind: 'literal', text: f(p.text) } : p));
}

function utf16leBinary(text: string): string {
  return Buffer.from(text, 'utf16le').toString('latin1');
}

/** `utf16le` / `wide`: UTF-16LE code units as bytes; wildcards are kept. */
export function utf16le(v: StrValue): StrValue {
  return { ...v, parts: mapLiterals(v, utf16leBinary), binary: true };
}

/** `utf16be`. */
export function utf16be(v: StrValue): StrValue {
  return { ...v, parts: mapLiterals(v, (t) => Buffer.from(t, 'utf16le').swap16().toString('latin1')), binary: true };
}

/** `utf16`: the UTF-16LE byte order mark FF FE, then UTF-16LE (as pySigma emits it before base64). */
export function utf16(v: StrValue): StrValue {
  const parts = normalizeParts([{ kind: 'literal', text: '\xff\xfe' }, ...mapLiterals(v, utf16leBinary)]);
  return { ...v, parts, binary: true };
}

/** Why a value cannot be base64-encoded, or undefined when it can. */
export function base64Obstacle(v: StrValue): string | undefined {
  if (hasWildcard(v.parts)) return 'a value with wildcards cannot be base64-encoded (escape * and ? to match them literally)';
  if (hasPlaceholder(v.parts)) return 'a placeholder cannot be base64-encoded';
  return undefined;
}

function bytesOf(v: StrValue): Buffer {
  const text = v.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
  return Buffer.from(text, v.binary ? 'latin1' : 'utf8');
}

function literal(text: string, cased: boolean): StrValue {
  return { parts: text === '' ? [] : [{ kind: 'literal', text }], binary: false, cased };
}

/** `base64`: the whole value, standard alphabet with padding. */
export function base64(v: StrValue): StrValue {
  return literal(bytesOf(v).toString('base64'), v.cased);
}

// pySigma's SigmaBase64OffsetModifier: for a shift of i bytes, drop the characters that depend on
// the unknown preceding bytes (start) and on the unknown following bytes (end, chosen by the
// encoded length modulo 3).
const START_OFFSETS = [0, 2, 3] as const;
const END_OFFSETS = [undefined, -3, -2] as const;

/** `base64offset`: the three encodings of the value at byte offsets 0, 1 and 2. */
export function base64offset(v: StrValue): StrValue[] {
  const data = bytesOf(v);
  const out: StrValue[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = Buffer.concat([Buffer.alloc(i, 0x20), data]).toString('base64');
    out.push(literal(encoded.slice(START_OFFSETS[i], END_OFFSETS[(data.length + i) % 3]), v.cased));
  }
  return out;
}

/** The characters windash substitutes: hyphen, slash, en dash, em dash, horizontal bar. */
export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;

const WORD = /[\p{L}\p{N}_]/u;
const isWord = (c: string | undefined): boolean => c !== undefined && WORD.test(c);

function windashPieces(v: StrValue): (PatternPart | 'slot')[] {
  const pieces: (PatternPart | 'slot')[] = [];
  for (const p of v.parts) {
    if (p.kind !== 'literal') {
      pieces.push(p);
      continue;
    }
    const chars = [...p.text];
    let acc = '';
    chars.forEach((c, i) => {
      if ((c === '-' || c === '/') && !isWord(chars[i - 1]) && isWord(chars[i + 1])) {
        if (acc) pieces.push({ kind: 'literal', text: acc });
        acc = '';
        pieces.push('slot');
      } else {
        acc += c;
      }
    });
    if (acc) pieces.push({ kind: 'literal', text: acc });
  }
  return pieces;
}

/**
 * `windash`: every `-` or `/` that starts a word (pySigma's regex `\B[-/]\b`, evaluated within each
 * literal run) is replaced by each of the five dash characters; all combinations are produced,
 * the first position varying slowest, as pySigma's replace_placeholders orders them.
 */
export function windash(v: StrValue): StrValue[] {
  let variants: PatternPart[][] = [[]];
  for (const piece of windashPieces(v)) {
    if (piece === 'slot') {
      variants = variants.flatMap((prefix) => WINDASH_CHARS.map((d): PatternPart[] => [...prefix, { kind: 'literal', text: d }]));
    } else {
      variants = variants.map((prefix) => [...prefix, piece]);
    }
  }
  return variants.map((parts) => ({ ...v, parts: normalizeParts(parts) }));
}

/** Number of variants windash would produce, to refuse runaway expansions before building them. */
export function windashCount(v: StrValue): number {
  return 5 ** windashPieces(v).filter((p) => p === 'slot').length;
}
