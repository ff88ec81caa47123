// CEL conditions: one shared environment with Halong's helpers, compiled once per expression.
// CEL has no loops or recursion; expressions are also capped in length and AST size.
import { Environment } from '@marcbachmann/cel-js';
import type { ParseResult } from '@marcbachmann/cel-js';
import type { PolicyErrorCode } from './errors';
import { ipInCidr, parseCidr } from './cidr';
import { dayOfWeekIn, hourIn, isTimeZone } from './time-of-day';

/** The longest condition accepted, in characters. */
export const MAX_CONDITION_LENGTH = 2048;

const env = new Environment({
  homogeneousAggregateLiterals: false,
  limits: { maxAstNodes: 512, maxDepth: 32, maxListElements: 256, maxMapEntries: 64, maxCallArguments: 8 },
})
  .registerVariable('subject', 'map')
  .registerVariable('resource', 'map')
  .registerVariable('action', 'map')
  .registerVariable('context', 'map')
  .registerFunction('ipInCidr(string, string): bool', (ip: string, cidr: string) => ipInCidr(ip, cidr))
  .registerFunction('ipInCidr(string, list<string>): bool', (ip: string, cidrs: string[]) => ipInCidr(ip, cidrs))
  .registerFunction('hourIn(google.protobuf.Timestamp, string): int', (t: Date, zone: string) => BigInt(hourIn(t, zone)))
  .registerFunction('dayOfWeekIn(google.protobuf.Timestamp, string): int', (t: Date, zone: string) =>
    BigInt(dayOfWeekIn(t, zone)),
  );

/** The variables a condition sees. */
export interface ConditionInput {
  subject: Record<string, unknown>;
  resource: Record<string, unknown>;
  action: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** A compiled condition: evaluate returns the bool, or throws when the expression fails. */
export interface CompiledCondition {
  readonly source: string;
  evaluate(input: ConditionInput): boolean;
}

/** Why a condition was refused at load time; `offset` is into the expression text. */
export interface ConditionProblem {
  code: PolicyErrorCode;
  message: string;
  offset: number;
}

interface AstLike {
  op: string;
  args: unknown;
  start?: number;
}

function literalProblems(node: AstLike, out: ConditionProblem[]): void {
  if (node.op === 'call' && Array.isArray(node.args)) {
    const [name, args] = node.args as [string, AstLike[]];
    const second = args[1];
    const values = second?.op === 'value' ? [second] : second?.op === 'list' ? (second.args as AstLike[]) : [];
    for (const v of values) {
      if (v.op !== 'value' || typeof v.args !== 'string') continue;
      const at = v.start ?? 0;
      if (name === 'ipInCidr' && !parseCidr(v.args)) {
        out.push({ code: 'HALONG_POLICY_INVALID_CIDR', message: `not a CIDR block: ${JSON.stringify(v.args)}`, offset: at });
      } else if ((name === 'hourIn' || name === 'dayOfWeekIn') && !isTimeZone(v.args)) {
        out.push({ code: 'HALONG_POLICY_INVALID_TIME_ZONE', message: `not an IANA time zone: ${JSON.stringify(v.args)}`, offset: at });
      }
    }
  }
  const walk = (a: unknown): void => {
    if (Array.isArray(a)) a.forEach(walk);
    else if (a && typeof a === 'object' && 'op' in a) literalProblems(a as AstLike, out);
  };
  walk(node.args);
}

function celProblem(code: PolicyErrorCode, err: unknown): ConditionProblem {
  const e = err as { summary?: string; message?: string; range?: { start: number } };
  const message = e.summary ?? String(e.message ?? err).split('\n')[0]!;
  return { code, message, offset: e.range?.start ?? 0 };
}

function wrap(source: string, parsed: ParseResult): CompiledCondition {
  return {
    source,
    evaluate(input) {
      const v: unknown = parsed(input);
      if (typeof v !== 'boolean') throw new TypeError(`condition returned ${typeof v}, not a bool`);
      return v;
    },
  };
}

const cache = new Map<string, CompiledCondition>();

/** Parses and type-checks a condition once; returns the compiled condition or the problem. */
export function compileCondition(source: string): CompiledCondition | ConditionProblem {
  const hit = cache.get(source);
  if (hit) return hit;
  if (source.length > MAX_CONDITION_LENGTH) {
    const message = `condition is ${source.length} characters long; the maximum is ${MAX_CONDITION_LENGTH}`;
    return { code: 'HALONG_POLICY_CONDITION_TOO_LONG', message, offset: 0 };
  }
  if (source.trim() === '') return { code: 'HALONG_POLICY_CEL_SYNTAX', message: 'condition is empty', offset: 0 };
  let parsed: ParseResult;
  try {
    parsed = env.parse(source);
  } catch (err) {
    return celProblem('HALONG_POLICY_CEL_SYNTAX', err);
  }
  const checked = parsed.check();
  if (!checked.valid) return celProblem('HALONG_POLICY_CEL_TYPE', checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    return { code: 'HALONG_POLICY_CEL_TYPE', message: `condition returns ${checked.type}, not a bool`, offset: 0 };
  }
  const literals: ConditionProblem[] = [];
  literalProblems(parsed.ast as unknown as AstLike, literals);
  if (literals.length) return literals[0]!;
  const compiled = wrap(source, parsed);
  if (cache.size >= 4096) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

/** True when compileCondition refused the expression. */
export function isConditionProblem(c: CompiledCondition | ConditionProblem): c is ConditionProblem {
  return 'code' in c;
}
