// `re` modifier. Regexes run on RE2, never on V8's backtracking engine: matching time must be
// linear in the input whatever a rule author (or a hostile rule) wrote, because one
// catastrophic-backtracking rule would stall the whole event stream. RE2 has no lookarounds and
// no backreferences; such rules are refused with a problem instead of falling back.
import RE2 from 're2';
import type { ValueTest } from '../sigma/types';
import { someRaw, stringForm, type PathRef } from './field-access';
import type { FieldSource, Leaves } from './event-view';
import { RuleCompileError } from './errors';
import { requiredRegexLiterals } from './regex-literals';
import type { CompiledValueTest } from './value-test';

/** Compiles a regex test; a cheap check for required literals on the lower-cased value guards each RE2 call. */
export function compileRegex(test: Extract<ValueTest, { kind: 'regex' }>): CompiledValueTest {
  const flags = (test.flags.i ? 'i' : '') + (test.flags.m ? 'm' : '') + (test.flags.s ? 's' : '');
  let re: RE2;
  try {
    re = new RE2(test.source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RuleCompileError('HALONG_SIGMA_UNSUPPORTED', `regex ${JSON.stringify(test.source)} is not supported by the linear-time engine (RE2): ${reason}`);
  }
  // The best clause of required literals: a value holding none of them cannot match.
  const guard: readonly string[] | undefined = requiredRegexLiterals(test.source, test.flags.i)[0];
  const matchesValue = (v: unknown) => {
    const s = stringForm(v);
    return s !== undefined && re.test(s);
  };
  return {
    check: guard === undefined ? (view, path) => someRaw(view.raw(path), matchesValue) : guardedCheck(guard, matchesValue),
    leaves: (leaves: Leaves) => {
      const lower = guard === undefined ? undefined : leaves.lower;
      for (let k = 0; k < leaves.raw.length; k += 1) {
        if (lower !== undefined && !holdsOne(lower[k]!, guard!)) continue;
        if (re.test(leaves.raw[k]!)) return true;
      }
      return false;
    },
    cost: 20,
    atoms: guard === undefined ? null : guard.map((text) => ({ kind: 'sub' as const, text })),
  };
}

function holdsOne(lower: string, literals: readonly string[]): boolean {
  for (let k = 0; k < literals.length; k += 1) if (lower.includes(literals[k]!)) return true;
  return false;
}

function guardedCheck(guard: readonly string[], matchesValue: (v: unknown) => boolean) {
  return (view: FieldSource, path: PathRef): boolean => {
    const lower = view.lower(path);
    if (lower === undefined) return false;
    if (typeof lower === 'string') return holdsOne(lower, guard) && matchesValue(view.raw(path));
    let seen = false;
    for (let k = 0; k < lower.length; k += 1) {
      if (holdsOne(lower[k]!, guard)) {
        seen = true;
        break;
      }
    }
    return seen && someRaw(view.raw(path), matchesValue);
  };
}
