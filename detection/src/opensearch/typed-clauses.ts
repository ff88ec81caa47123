// One value test against one field of one OpenSearch type. A keyword holds strings (and numbers
// or booleans indexed as their JSON text); numeric, ip and boolean fields hold parsed values,
// so string tests on them compare the value's string form, as the streaming matcher does.
import RE2 from 're2';
import { asciiFoldIsExact, codePoints, foldString, isCaseless } from './case-fold';
import type { Dsl } from './dsl';
import { MATCH_NONE, and, exists, or, term } from './dsl';
import { Unsupported } from './errors';
import { ipv4NetworkRegexp, isIpLiteral, parseNetwork, prefixNetwork } from './ip-syntax';
import type { GlobPart } from './lucene-syntax';
import { globLiterals, globMatches, globToRegexp, normalizeGlob, toWildcard } from './lucene-syntax';
import { re2ToLucene } from './re2-lucene';
import { globScript, numericStringScript } from './scripts';

/** What a field holds, as far as Sigma tests care. */
export type Kind = 'string' | 'integer' | 'float' | 'boolean' | 'ip' | 'date' | 'other';

/** A concrete field to query: the path (a keyword sub-field for text) and what it holds. */
export interface Target {
  path: string;
  type: string;
  kind: Kind;
  docValues: boolean;
}

const KINDS: Record<string, Kind> = {
  keyword: 'string', wildcard: 'string', constant_keyword: 'string',
  long: 'integer', integer: 'integer', short: 'integer', byte: 'integer', unsigned_long: 'integer',
  double: 'float', float: 'float', half_float: 'float', scaled_float: 'float',
  boolean: 'boolean', ip: 'ip', date: 'date', date_nanos: 'date',
};

/** The kind of an OpenSearch field type. */
export const kindOf = (type: string): Kind => KINDS[type] ?? 'other';

// Lucene refuses regexps whose automaton needs more than 10,000 states by default; Sigma's case
// folding (character classes) and bounded repeats such as [^"]{0,64} pass that on real rules.
const MAX_DETERMINIZED_STATES = 1_000_000;
export const regexp = (path: string, value: string): Dsl => ({ regexp: { [path]: { value, flags: 'NONE', max_determinized_states: MAX_DETERMINIZED_STATES } } });

// The streaming matcher's numeric strings (engine/value-test.ts), as a Lucene regexp.
const NUMERIC_STRING = '[\\+\\-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][\\+\\-]?[0-9]+)?';
// Numeric strings whose value is not obvious from their digits: an exponent, or 16+ characters (enough digits to round).
const UNUSUAL_NUMBER = '.*[eE].*|.{16,}';

function needScripts(t: Target, what: string): void {
  if (!t.docValues) throw new Unsupported(`${what} on ${t.path} needs doc values, which this ${t.type} field does not keep`);
}

function onString(t: Target, parts: GlobPart[], cased: boolean): Dsl {
  const lits = codePoints(globLiterals(parts));
  const fold = !cased && lits.some((cp) => !isCaseless(cp, 'lower'));
  // case_insensitive only folds ASCII (and misses K for k): other letters need their orbits spelled out.
  if (fold && !lits.every(asciiFoldIsExact)) return regexp(t.path, globToRegexp(parts, true));
  const opts = fold ? { case_insensitive: true } : {};
  const only = parts[0];
  if (parts.length === 0) return term(t.path, '');
  if (parts.length === 1 && only?.kind === 'literal') return fold ? { term: { [t.path]: { value: only.text, ...opts } } } : term(t.path, only.text);
  if (parts.length === 2 && only?.kind === 'literal' && parts[1]!.kind === 'any') return { prefix: { [t.path]: { value: only.text, ...opts } } };
  return { wildcard: { [t.path]: { value: toWildcard(parts), ...opts } } };
}

function onNumber(t: Target, parts: GlobPart[], cased: boolean): Dsl {
  if (parts.some((p) => p.kind !== 'literal')) {
    needScripts(t, 'a wildcard');
    return globScript([t.path], parts, cased);
  }
  const text = globLiterals(parts);
  const n = Number(text);
  // Only the canonical text of a number (what String(n) prints) can equal a number's string form.
  if (text === '' || !Number.isFinite(n) || String(n) !== (cased ? text : text.toLowerCase())) return MATCH_NONE;
  if (t.kind === 'integer' && !Number.isSafeInteger(n)) return MATCH_NONE;
  return term(t.path, n);
}

function onIp(t: Target, parts: GlobPart[], cased: boolean): Dsl {
  // An address is written with hex digits, dots and colons only: other text never matches (no script needed).
  if (/[^0-9A-Fa-f.:]/.test(globLiterals(parts))) return MATCH_NONE;
  const [first, second] = parts;
  if (parts.length === 1 && first!.kind === 'literal') return isIpLiteral(first!.text) ? term(t.path, first!.text) : MATCH_NONE;
  const net = parts.length === 2 && first!.kind === 'literal' && second!.kind === 'any' ? prefixNetwork(first!.text) : undefined;
  return net ? term(t.path, net) : globScript([t.path], parts, cased);
}

function onBoolean(t: Target, matches: (s: string) => boolean): Dsl {
  const hits = ['true', 'false'].filter(matches);
  return hits.length === 2 ? exists(t.path) : hits.length === 1 ? term(t.path, hits[0] === 'true') : MATCH_NONE;
}

/** A Sigma string pattern (wildcards over the whole value). */
export function stringClause(t: Target, raw: GlobPart[], cased: boolean): Dsl {
  const parts = normalizeGlob(raw);
  if (parts.length === 1 && parts[0]!.kind === 'any' && t.kind !== 'date' && t.kind !== 'other') return exists(t.path);
  switch (t.kind) {
    case 'string':
      return onString(t, parts, cased);
    case 'integer':
    case 'float':
      return onNumber(t, parts, cased);
    case 'ip':
      return onIp(t, parts, cased);
    case 'boolean':
      return onBoolean(t, (s) => globMatches(parts, s, cased ? undefined : foldString));
    default:
      throw new Unsupported(`string match on ${t.path}, a ${t.type} field (its original text is not indexed)`);
  }
}

// Lucene runs regexps as DFAs. Unanchored (`.*` first), a bounded repeat such as [^"]{0,64} makes
// the DFA remember every position in the window: exponential in the bound. OpenSearch then spends
// minutes per shard (or refuses); RE2 in the stream does not care. Such rules cannot be hunted.
const MAX_UNANCHORED_REPEAT = 16;

function refuseExponential(lucene: string, source: string): void {
  if (!lucene.split('|').some((alt) => alt.replace(/^\(+/, '').startsWith('.*'))) return;
  const widest = Math.max(0, ...[...lucene.matchAll(/\{(\d+),(\d+)\}/g)].map((m) => Number(m[2]) - Number(m[1])));
  if (widest > MAX_UNANCHORED_REPEAT) {
    throw new Unsupported(`regex ${JSON.stringify(source)}: unanchored with a repeat of ${widest} optional characters, Lucene would need a DFA exponential in that (the streaming matcher runs it)`);
  }
}

/** An RE2 regex (Sigma `re`). */
export function regexClause(t: Target, source: string, flags: { i: boolean; m: boolean; s: boolean }): Dsl {
  if (t.kind === 'boolean') {
    const re = new RE2(source, `${flags.i ? 'i' : ''}${flags.m ? 'm' : ''}${flags.s ? 's' : ''}u`);
    return onBoolean(t, (s) => re.test(s));
  }
  if (t.kind !== 'string') throw new Unsupported(`regex on ${t.path}, a ${t.type} field (Lucene regexps only run on keywords)`);
  const lucene = re2ToLucene(source, flags);
  if ('regexp' in lucene) refuseExponential(lucene.regexp, source);
  // A regexp matching one string is a term: the wildcard field type even fails on it.
  return 'literal' in lucene ? term(t.path, lucene.literal) : regexp(t.path, lucene.regexp);
}

/** The plain decimal spellings of `value`: "+0042.50", "42.5", ".5" for 0.5 … (none for exponent forms). */
function plainDecimals(value: number): string | undefined {
  const abs = String(Math.abs(value));
  if (abs.includes('e')) return undefined;
  if (value === 0) return '[\\+\\-]?(0+(\\.0*)?|\\.0+)';
  const [int, frac] = abs.split('.') as [string, string | undefined];
  const sign = value < 0 ? '\\-' : '\\+?';
  if (int === '0') return `${sign}0*\\.${frac}0*`;
  return `${sign}0*${int}${frac ? `\\.${frac}0*` : '(\\.0*)?'}`;
}

/** A YAML number compared with the field (numeric strings count, as the streaming matcher reads them). */
export function numberClause(t: Target, op: 'eq' | 'lt' | 'lte' | 'gt' | 'gte', value: number): Dsl {
  if (!Number.isFinite(value)) return MATCH_NONE;
  if (t.kind === 'integer' || t.kind === 'float') {
    if (op !== 'eq') return { range: { [t.path]: { [op]: value } } };
    return t.kind === 'integer' && !Number.isSafeInteger(value) ? MATCH_NONE : term(t.path, value);
  }
  if (t.kind !== 'string') return MATCH_NONE;
  needScripts(t, 'a numeric comparison');
  const exotic = (prefilter: Dsl[]) => and([regexp(t.path, NUMERIC_STRING), ...prefilter, numericStringScript([t.path], op, value)]);
  if (op !== 'eq') return exotic([]);
  // Plain spellings through the index; exponents and long digit strings checked by script, on the few values having them.
  const plain = plainDecimals(value);
  return or([...(plain ? [regexp(t.path, plain)] : []), exotic([regexp(t.path, UNUSUAL_NUMBER)])]);
}

/** A YAML boolean: a boolean field, or "true"/"false" in any case in a keyword. */
export function booleanClause(t: Target, value: boolean): Dsl {
  if (t.kind === 'boolean') return term(t.path, value);
  return t.kind === 'string' ? { term: { [t.path]: { value: String(value), case_insensitive: true } } } : MATCH_NONE;
}

/** The `cidr` modifier: ip fields natively, dotted quads in keywords through a regexp. */
export function cidrClause(t: Target, network: string): Dsl {
  const net = parseNetwork(network);
  if (t.kind === 'ip') return term(t.path, net.cidr);
  if (t.kind !== 'string') return MATCH_NONE;
  if (!net.v4) throw new Unsupported(`cidr ${network} on ${t.path}, a keyword field: IPv6 text has too many spellings to match exactly`);
  // The streaming matcher also reads IPv4-mapped IPv6 ("::ffff:10.1.2.3", as Windows logs it) as IPv4.
  return regexp(t.path, `(::[fF]{4}:)?${ipv4NetworkRegexp(net.v4.octets, net.v4.bits)}`);
}

