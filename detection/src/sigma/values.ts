// The intermediate value model used while modifiers are applied, and its conversion to the
// contract's ValueTest once every modifier has run.
import RE2 from 're2';
import type { ValueTest } from './types';
import type { StrValue } from './encodings';
import { normalizeParts, parseSigmaString } from './sigma-string';
import { SigmaBuildError } from './problems';
import type { Loc, YScalar } from './yaml-tree';

export type NumberOp = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';
export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export type Val =
  | { t: 'str'; s: StrValue; raw?: string }
  | { t: 're'; source: string; flags: { i: boolean; m: boolean; s: boolean } }
  | { t: 'num'; value: number; op: NumberOp; text: string }
  | { t: 'bool'; value: boolean }
  | { t: 'null' }
  | { t: 'exists'; value: boolean }
  | { t: 'cidr'; network: string }
  | { t: 'fieldref'; field: string; starts: boolean; ends: boolean; cased: boolean }
  | { t: 'time'; unit: TimeUnit; value: number };

/** A YAML scalar as a Sigma value before any modifier: strings are parsed for wildcards. */
export function initialValue(scalar: YScalar): Val {
  const v = scalar.value;
  if (v === null) return { t: 'null' };
  if (typeof v === 'boolean') return { t: 'bool', value: v };
  if (typeof v === 'number') return { t: 'num', value: v, op: 'eq', text: scalar.text };
  return { t: 'str', s: { parts: parseSigmaString(v), binary: false, cased: false } };
}

/**
 * "All values are treated as case-insensitive strings" (spec, Detection > General): a YAML number
 * given to a string modifier is used as the string it was written as (`EventID|startswith: 46`).
 */
export function asString(v: Val): StrValue | undefined {
  if (v.t === 'str') return v.s;
  if (v.t === 'num' && v.op === 'eq') return { parts: parseSigmaString(v.text), binary: false, cased: false };
  return undefined;
}

/** Human name of a value's kind for error messages. */
export function kindName(v: Val): string {
  switch (v.t) {
    case 'str':
      return 'string';
    case 're':
      return 'regular expression';
    case 'num':
      return v.op === 'eq' ? 'number' : `number comparison (${v.op})`;
    case 'bool':
      return 'boolean';
    case 'null':
      return 'null';
    case 'exists':
      return 'exists check';
    case 'cidr':
      return 'CIDR network';
    case 'fieldref':
      return 'field reference';
    case 'time':
      return `${v.unit} value`;
  }
}

/** Converts a fully modified value to the contract's ValueTest (and checks regexes compile). */
export function toValueTest(v: Val, loc: Loc): ValueTest {
  switch (v.t) {
    case 'str':
      return { kind: 'string', pattern: normalizeParts(v.s.parts), cased: v.s.cased };
    case 're':
      checkRegex(v.source, v.flags, loc);
      return { kind: 'regex', source: v.source, flags: { ...v.flags } };
    case 'num':
      return { kind: 'number', op: v.op, value: v.value };
    case 'bool':
      return { kind: 'boolean', value: v.value };
    case 'null':
      return { kind: 'null' };
    case 'exists':
      return { kind: 'exists', value: v.value };
    case 'cidr':
      return { kind: 'cidr', network: v.network };
    case 'fieldref': {
      const position = v.starts && v.ends ? 'contains' : v.starts ? 'startswith' : v.ends ? 'endswith' : 'eq';
      return { kind: 'fieldref', field: v.field, position, cased: v.cased };
    }
    case 'time':
      return { kind: 'time-part', unit: v.unit, value: v.value };
  }
}

// The spec's regex flavour is a PCRE subset without lookarounds or backreferences; RE2 (what the
// streaming matcher runs) accepts exactly that subset, so it is the validator.
function checkRegex(source: string, flags: { i: boolean; m: boolean; s: boolean }, loc: Loc): void {
  const f = `${flags.i ? 'i' : ''}${flags.m ? 'm' : ''}${flags.s ? 's' : ''}`;
  try {
    new RE2(source, f);
  } catch (err) {
    throw new SigmaBuildError('HALONG_SIGMA_VALUE', `invalid regular expression '${source}': ${(err as Error).message}`, loc);
  }
}
