// Reading typed values out of yaml nodes while collecting problems with file, line and column.
import { isMap, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { PolicyErrorCode, PolicyProblem } from './errors';

/** Where problems go and how offsets become lines; one per policy being read. */
export interface ReadContext {
  file: string;
  text: string;
  lines: LineCounter;
  problems: PolicyProblem[];
  policyId?: string;
}

/** Records a problem at a source offset. */
export function problemAt(ctx: ReadContext, code: PolicyErrorCode, message: string, offset: number, path?: string): void {
  const { line, col } = ctx.lines.linePos(offset);
  const p: PolicyProblem = { code, message, file: ctx.file, line, col };
  if (ctx.policyId !== undefined) p.policyId = ctx.policyId;
  if (path !== undefined) p.path = path;
  ctx.problems.push(p);
}

/** Records a problem at a node (or offset 0 when the node has no position). */
export function problem(ctx: ReadContext, code: PolicyErrorCode, message: string, node: unknown, path?: string): void {
  problemAt(ctx, code, message, offsetOf(node), path);
}

/** The start offset of a node. */
export function offsetOf(node: unknown): number {
  return (node as Node | undefined)?.range?.[0] ?? 0;
}

/** A short name for a node's type, for messages. */
export function typeName(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value}`;
  return 'nothing';
}

/** The key/value pairs of a map, with unknown or non-string keys reported. */
export function mapEntries(ctx: ReadContext, map: YAMLMap, allowed: readonly string[], path: string): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string') {
      problem(ctx, 'HALONG_POLICY_WRONG_TYPE', 'keys must be strings', pair.key, path);
    } else if (!allowed.includes(key)) {
      const msg = `unknown key "${key}"${path ? ` in ${path}` : ''}; allowed: ${allowed.join(', ')}`;
      problem(ctx, 'HALONG_POLICY_UNKNOWN_KEY', msg, pair.key, join(path, key));
    } else out.set(key, pair);
  }
  return out;
}

/** `a.b`, or `b` when `a` is empty. */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A non-empty string, or undefined with a problem. */
export function readString(ctx: ReadContext, node: unknown, path: string): string | undefined {
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
  const got = isScalar(node) && node.value === '' ? 'an empty string' : typeName(node);
  problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a non-empty string, got ${got}`, node, path);
  return undefined;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A string or a non-empty list of strings (numbers and bools become strings), as a list. */
export function readStringList(ctx: ReadContext, node: unknown, path: string): string[] | undefined {
  const one = scalarText(node);
  if (one !== undefined) return [one];
  if (!isSeq(node)) {
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a string or a list of strings, got ${typeName(node)}`, node, path);
    return undefined;
  }
  if (node.items.length === 0) {
    problem(ctx, 'HALONG_POLICY_EMPTY_LIST', `${path} must not be empty`, node, path);
    return undefined;
  }
  const out: string[] = [];
  node.items.forEach((item, i) => {
    const s = scalarText(item);
    if (s === undefined) problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path}[${i}] must be a string, got ${typeName(item)}`, item, `${path}[${i}]`);
    else out.push(s);
  });
  return out.length === node.items.length ? out : undefined;
}

/** The items of a non-empty list, or undefined with a problem. */
export function readList(ctx: ReadContext, node: unknown, path: string): unknown[] | undefined {
  if (!isSeq(node)) {
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a list, got ${typeName(node)}`, node, path);
    return undefined;
  }
  if (node.items.length === 0) {
    problem(ctx, 'HALONG_POLICY_EMPTY_LIST', `${path} must not be empty`, node, path);
    return undefined;
  }
  return node.items;
}

function escapeLength(next: string | undefined): number {
  return next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
}

/** Maps an offset inside a scalar's value (e.g. a CEL error) to an offset in the file text. */
export function scalarSourceOffset(text: string, node: Scalar, valueOffset: number): number {
  const [start, end] = node.range ?? [0, 0];
  const value = typeof node.value === 'string' ? node.value : '';
  const offset = Math.min(valueOffset, value.trimEnd().length);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const header = text.indexOf('\n', start);
    if (header < 0 || header >= end) return start;
    let pos = header + 1;
    const lines = text.slice(pos, end).split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
    let consumed = 0;
    for (const line of lines) {
      const skip = Math.min(indent, line.length);
      const length = line.length - skip;
      if (offset <= consumed + length) return pos + skip + (offset - consumed);
      consumed += length + 1;
      pos += line.length + 1;
    }
    return start;
  }
  const double = node.type === 'QUOTE_DOUBLE';
  const single = node.type === 'QUOTE_SINGLE';
  let i = start + (double || single ? 1 : 0);
  for (let consumed = 0; consumed < offset && i < end; consumed++) {
    const c = text[i];
    if (double && c === '\\') i += escapeLength(text[i + 1]);
    else if (single && c === "'" && text[i + 1] === "'") i += 2;
    else if (c === '\n' || c === '\r') {
      i++;
      while (i < end && /\s/.test(text[i]!)) i++;
    } else i++;
  }
  return i;
}
