// Value modifiers (specification appendix "Sigma Modifiers" 2.1.0, names and aliases as pySigma's
// modifier_mapping). Modifiers run left to right on every value, like pySigma; `all` and `neq`
// act on the whole value list wherever they are written.
import ipaddr from 'ipaddr.js';
import type { ValueTest } from './types';
import * as enc from './encodings';
import { SigmaBuildError } from './problems';
import { hasPlaceholder, hasWildcard, insertPlaceholders, literalText, renderPattern } from './sigma-string';
import { asString, initialValue, kindName, toValueTest } from './values';
import type { NumberOp, TimeUnit, Val } from './values';
import type { Loc, YScalar } from './yaml-tree';

const ALIASES: Record<string, string> = { wide: 'utf16le', ignorecase: 'i', multiline: 'm', dotall: 's' };
const LIST_MODIFIERS = new Set(['all', 'neq']);
// These interpret the value as written, so no other value modifier may run before them.
const FIRST_ONLY = new Set(['re', 'cidr', 'exists']);
// The appendix's "Time Modifiers" ranges (week 1..52 as written there, although ISO years can have 53).
const TIME_RANGES: Record<TimeUnit, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  week: [1, 52],
  month: [1, 12],
  year: [0, 9999],
};
// 5^5 variants per value; pySigma has no bound, but a longer chain of flags is a rule-writing error.
const MAX_WINDASH_VARIANTS = 3125;

/** A value entry after modifiers: one group of alternatives (OR) per value written in the rule. */
export interface ModifiedValues {
  groups: ValueTest[][];
  all: boolean;
  negate: boolean;
}

interface Step {
  name: string;
  apply(v: Val): Val[];
}

type ValueModifier = (v: Val, name: string, field: string | undefined) => Val[];

const fail = (name: string, v: Val, why?: string): never => {
  throw new SigmaBuildError('HALONG_SIGMA_MODIFIER', `modifier '${name}' cannot be applied to a ${kindName(v)}${why ? `: ${why}` : ''}`);
};

const needString = (v: Val, name: string) => asString(v) ?? fail(name, v);

function position(which: 'contains' | 'startswith' | 'endswith'): ValueModifier {
  // startswith: the value is a prefix, so `*` goes after it; endswith: before it; contains: both.
  const anyBefore = which !== 'startswith';
  const anyAfter = which !== 'endswith';
  return (v, name) => {
    if (v.t === 'fieldref') return [{ ...v, starts: v.starts || anyAfter, ends: v.ends || anyBefore }];
    if (v.t === 're') {
      // Regexes are matched unanchored (search), so only startswith/endswith change them.
      let source = v.source;
      if (which === 'startswith' && !source.startsWith('^')) source = `^(?:${source})`;
      if (which === 'endswith' && !/(^|[^\\])(\\\\)*\$$/.test(source)) source = `(?:${source})$`;
      return [{ ...v, source }];
    }
    const s = needString(v, name);
    const parts = [...s.parts];
    if (anyBefore && parts[0]?.kind !== 'any') parts.unshift({ kind: 'any' });
    if (anyAfter && parts[parts.length - 1]?.kind !== 'any') parts.push({ kind: 'any' });
    return [{ t: 'str', s: { ...s, parts } }];
  };
}

function encoder(f: (s: enc.StrValue) => enc.StrValue | enc.StrValue[], checkBase64: boolean): ValueModifier {
  return (v, name) => {
    const s = needString(v, name);
    if (checkBase64) {
      const obstacle = enc.base64Obstacle(s);
      if (obstacle) fail(name, v, obstacle);
    } else if (hasPlaceholder(s.parts)) {
      fail(name, v, 'a placeholder cannot be encoded');
    }
    const out = f(s);
    return (Array.isArray(out) ? out : [out]).map((x): Val => ({ t: 'str', s: x }));
  };
}

function compare(op: NumberOp): ValueModifier {
  return (v, name) => (v.t === 'num' && v.op === 'eq' ? [{ ...v, op }] : fail(name, v, 'it needs a YAML number'));
}

function timePart(unit: TimeUnit): ValueModifier {
  return (v, name) => {
    if (v.t !== 'num' || v.op !== 'eq' || !Number.isInteger(v.value)) return fail(name, v, 'it needs an integer');
    const [lo, hi] = TIME_RANGES[unit];
    if (v.value < lo || v.value > hi) fail(name, v, `${v.value} is outside ${lo}..${hi}`);
    return [{ t: 'time', unit, value: v.value }];
  };
}

function reFlag(flag: 'i' | 'm' | 's'): ValueModifier {
  return (v, name) => (v.t === 're' ? [{ ...v, flags: { ...v.flags, [flag]: true } }] : fail(name, v, "it only follows 're'"));
}

const MODIFIERS: Record<string, ValueModifier> = {
  contains: position('contains'),
  startswith: position('startswith'),
  endswith: position('endswith'),
  cased: (v, name) => {
    if (v.t === 'fieldref') return [{ ...v, cased: true }];
    return [{ t: 'str', s: { ...needString(v, name), cased: true } }];
  },
  exists: (v, name, field) => {
    if (field === undefined) fail(name, v, 'it needs a field');
    return v.t === 'bool' ? [{ t: 'exists', value: v.value }] : fail(name, v, 'it needs true or false');
  },
  re: (v, name) => {
    if (v.t === 'str' || v.t === 'num') return [{ t: 're', source: v.t === 'num' ? v.text : (v.raw ?? renderPattern(v.s.parts)), flags: { i: false, m: false, s: false } }];
    return fail(name, v);
  },
  i: reFlag('i'),
  m: reFlag('m'),
  s: reFlag('s'),
  cidr: (v, name) => {
    const s = needString(v, name);
    if (hasWildcard(s.parts) || hasPlaceholder(s.parts)) fail(name, v, 'a CIDR cannot hold wildcards');
    return [{ t: 'cidr', network: parseCidr(literalText(s.parts)) }];
  },
  fieldref: (v, name) => {
    const s = needString(v, name);
    if (hasWildcard(s.parts) || hasPlaceholder(s.parts)) fail(name, v, `field names cannot hold wildcards ('${renderPattern(s.parts)}')`);
    return [{ t: 'fieldref', field: literalText(s.parts), starts: false, ends: false, cased: s.cased }];
  },
  expand: (v, name) => {
    if (v.t === 're') return fail(name, v, 'placeholders in regular expressions are not supported');
    const s = needString(v, name);
    return [{ t: 'str', s: { ...s, parts: insertPlaceholders(s.parts) } }];
  },
  windash: (v, name) => {
    const s = needString(v, name);
    const count = enc.windashCount(s);
    if (count > MAX_WINDASH_VARIANTS) fail(name, v, `it would produce ${count} variants (limit ${MAX_WINDASH_VARIANTS})`);
    return enc.windash(s).map((x): Val => ({ t: 'str', s: x }));
  },
  base64: encoder(enc.base64, true),
  base64offset: encoder(enc.base64offset, true),
  utf16le: encoder(enc.utf16le, false),
  utf16be: encoder(enc.utf16be, false),
  utf16: encoder(enc.utf16, false),
  lt: compare('lt'),
  lte: compare('lte'),
  gt: compare('gt'),
  gte: compare('gte'),
  minute: timePart('minute'),
  hour: timePart('hour'),
  day: timePart('day'),
  week: timePart('week'),
  month: timePart('month'),
  year: timePart('year'),
};

/** Every modifier name accepted in rules (spec names plus pySigma's aliases). */
export const KNOWN_MODIFIERS: readonly string[] = [...Object.keys(MODIFIERS), ...Object.keys(ALIASES), ...LIST_MODIFIERS].sort();

function parseCidr(text: string): string {
  try {
    const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text);
    if (!m) throw new Error('expected an address with an optional /prefix-length');
    const host = m[1] ?? '';
    const addr = ipaddr.parse(host);
    // ipaddr.js also reads "10.1" or octal "010.0.0.1"; Python's ip_network (pySigma) does not.
    if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(host)) throw new Error('an IPv4 address needs four decimal parts');
    const max = addr.kind() === 'ipv4' ? 32 : 128;
    const len = m[2] === undefined ? max : Number(m[2]);
    if (len > max) throw new Error(`the prefix length ${len} exceeds ${max}`);
    const cidr = `${addr.toString()}/${len}`;
    const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
    // ip_network also rejects host bits; they usually hide a typo in the prefix length.
    if (network.toString() !== addr.toString()) throw new Error(`host bits are set (the network is ${network.toString()}/${len})`);
    return `${network.toString()}/${len}`;
  } catch (err) {
    throw new SigmaBuildError('HALONG_SIGMA_VALUE', `invalid CIDR '${text}': ${(err as Error).message}`);
  }
}

/**
 * Applies `field|mod1|mod2` to the written values. Throws SigmaBuildError (positioned at `loc`
 * unless a value's own line is known) for unknown modifiers, invalid combinations and bad values.
 */
export function applyModifiers(field: string | undefined, modifiers: string[], values: YScalar[], loc: Loc): ModifiedValues {
  const steps: Step[] = [];
  let all = false;
  let negate = false;
  for (const written of modifiers) {
    const name = ALIASES[written] ?? written;
    if (LIST_MODIFIERS.has(name)) {
      if (name === 'all') all = true;
      else negate = true;
      continue;
    }
    const impl = MODIFIERS[name];
    if (!impl) throw new SigmaBuildError('HALONG_SIGMA_MODIFIER', `unknown modifier '${written}'`, loc);
    if (FIRST_ONLY.has(name) && steps.length > 0) {
      throw new SigmaBuildError('HALONG_SIGMA_MODIFIER', `modifier '${written}' must come before '${steps[0]?.name}' (it reads the value as written)`, loc);
    }
    steps.push({ name: written, apply: (v) => impl(v, written, field) });
  }
  if (all && values.length < 2) {
    // Specification: "Single item values are not allowed to have an all modifier".
    throw new SigmaBuildError('HALONG_SIGMA_MODIFIER', "modifier 'all' needs a list of at least two values", loc);
  }
  const groups = values.map((scalar) => {
    const at = scalar.loc;
    try {
      let current: Val[] = [withRaw(initialValue(scalar), scalar)];
      for (const step of steps) current = current.flatMap((v) => step.apply(v));
      return current.map((v) => toValueTest(v, at));
    } catch (err) {
      if (err instanceof SigmaBuildError && !err.loc) throw new SigmaBuildError(err.code, err.message, at);
      throw err;
    }
  });
  return { groups, all, negate };
}

// `re` needs the string exactly as written (no wildcard or escape processing), so it is kept
// alongside the parsed form until the first modifier has run.
function withRaw(v: Val, scalar: YScalar): Val {
  return v.t === 'str' ? { ...v, raw: typeof scalar.value === 'string' ? scalar.value : scalar.text } : v;
}
