// One route map of a route file → a GatewayRoute, collecting problems with file, line and column.
import { isMap, isScalar } from 'yaml';
import type { LineCounter, Node, Pair, YAMLMap } from 'yaml';
import type { GatewayRouteProblem } from './errors';
import { nameProblem, prefixProblem, upstreamProblem } from './route-values';
import type { GatewayRoute } from './route-types';
import { DEFAULT_ROUTE_MAX_BODY_BYTES, DEFAULT_ROUTE_RESOURCE_TYPE, DEFAULT_ROUTE_TIMEOUT_MS, MAX_ROUTE_TIMEOUT_MS } from './route-types';

/** Where problems go and how offsets become lines; one per file being read. */
export interface RouteReadContext {
  readonly file: string;
  readonly lines: LineCounter;
  readonly problems: GatewayRouteProblem[];
}

const ROUTE_KEYS = ['name', 'prefix', 'upstream', 'resource', 'action', 'stripPrefix', 'timeoutMs', 'maxBodyBytes'] as const;
const RESOURCE_KEYS = ['type', 'id'] as const;

/** Records a problem at a node (or at the start of the file when the node has no position). */
export function problemAt(ctx: RouteReadContext, message: string, node: unknown, path?: string): void {
  const { line, col } = ctx.lines.linePos((node as Node | undefined)?.range?.[0] ?? 0);
  ctx.problems.push({ message, file: ctx.file, line, col, ...(path === undefined ? {} : { path }) });
}

/** A short name for a node's type, for messages. */
export function typeName(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value}`;
  return node === undefined || node === null ? 'nothing' : 'a list';
}

function entries(ctx: RouteReadContext, map: YAMLMap, allowed: readonly string[], path: string): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key === 'string' && allowed.includes(key)) out.set(key, pair);
    else problemAt(ctx, `unknown key ${JSON.stringify(key)} in ${path}; allowed: ${allowed.join(', ')}`, pair.key, `${path}.${String(key)}`);
  }
  return out;
}

function readString(ctx: RouteReadContext, pair: Pair | undefined, path: string): string | undefined {
  if (pair === undefined) return undefined;
  const node = pair.value;
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
  const got = isScalar(node) && node.value === '' ? 'an empty string' : typeName(node);
  problemAt(ctx, `${path} must be a non-empty string, got ${got}`, node ?? pair.key, path);
  return undefined;
}

function readInteger(ctx: RouteReadContext, pair: Pair | undefined, path: string, min: number, max: number): number | undefined {
  if (pair === undefined) return undefined;
  const node = pair.value;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problemAt(ctx, `${path} must be an integer from ${min} to ${max}, got ${isScalar(node) ? JSON.stringify(value) : typeName(node)}`, node ?? pair.key, path);
  return undefined;
}

function readBoolean(ctx: RouteReadContext, pair: Pair | undefined, path: string): boolean | undefined {
  if (pair === undefined) return undefined;
  const node = pair.value;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  problemAt(ctx, `${path} must be true or false, got ${typeName(node)}`, node ?? pair.key, path);
  return undefined;
}

function check<T>(ctx: RouteReadContext, value: T | undefined, problem: (v: T) => string | undefined, pair: Pair | undefined, path: string): T | undefined {
  if (value === undefined) return undefined;
  const message = problem(value);
  if (message === undefined) return value;
  problemAt(ctx, message, pair?.value, path);
  return undefined;
}

function readResource(ctx: RouteReadContext, pair: Pair | undefined, path: string): { type?: string; id?: string } | undefined {
  if (pair === undefined) return {};
  if (!isMap(pair.value)) {
    problemAt(ctx, `${path} must be a map with type and/or id, got ${typeName(pair.value)}`, pair.value ?? pair.key, path);
    return undefined;
  }
  const keys = entries(ctx, pair.value, RESOURCE_KEYS, path);
  const type = readString(ctx, keys.get('type'), `${path}.type`);
  const id = readString(ctx, keys.get('id'), `${path}.id`);
  const failed = (keys.has('type') && type === undefined) || (keys.has('id') && id === undefined);
  return failed ? undefined : { ...(type === undefined ? {} : { type }), ...(id === undefined ? {} : { id }) };
}

/** Reads one route; undefined (with problems recorded) when any of its values is wrong. */
export function readRoute(ctx: RouteReadContext, node: unknown, path: string): GatewayRoute | undefined {
  if (!isMap(node)) {
    problemAt(ctx, `${path} must be a route map {name, prefix, upstream, ...}, got ${typeName(node)}`, node, path);
    return undefined;
  }
  const before = ctx.problems.length;
  const keys = entries(ctx, node, ROUTE_KEYS, path);
  for (const key of ['name', 'prefix', 'upstream'] as const) {
    if (!keys.has(key)) problemAt(ctx, `${path} has no ${key}`, node, `${path}.${key}`);
  }
  const at = (key: string): string => `${path}.${key}`;
  const name = check(ctx, readString(ctx, keys.get('name'), at('name')), nameProblem, keys.get('name'), at('name'));
  const prefix = check(ctx, readString(ctx, keys.get('prefix'), at('prefix')), prefixProblem, keys.get('prefix'), at('prefix'));
  const upstreamText = readString(ctx, keys.get('upstream'), at('upstream'));
  const upstream = upstreamText === undefined ? undefined : upstreamProblem(upstreamText);
  if (upstream !== undefined && 'problem' in upstream) problemAt(ctx, upstream.problem, keys.get('upstream')?.value, at('upstream'));
  const resource = readResource(ctx, keys.get('resource'), at('resource'));
  const action = readString(ctx, keys.get('action'), at('action'));
  const stripPrefix = readBoolean(ctx, keys.get('stripPrefix'), at('stripPrefix'));
  const timeoutMs = readInteger(ctx, keys.get('timeoutMs'), at('timeoutMs'), 1, MAX_ROUTE_TIMEOUT_MS);
  const maxBodyBytes = readInteger(ctx, keys.get('maxBodyBytes'), at('maxBodyBytes'), 0, Number.MAX_SAFE_INTEGER);
  if (ctx.problems.length > before || name === undefined || prefix === undefined || upstream === undefined || !('url' in upstream) || resource === undefined) {
    return undefined;
  }
  return {
    name,
    prefix,
    upstream: upstream.url.href,
    resource: { type: resource.type ?? DEFAULT_ROUTE_RESOURCE_TYPE, id: resource.id ?? name },
    ...(action === undefined ? {} : { action }),
    stripPrefix: stripPrefix ?? true,
    timeoutMs: timeoutMs ?? DEFAULT_ROUTE_TIMEOUT_MS,
    maxBodyBytes: maxBodyBytes ?? DEFAULT_ROUTE_MAX_BODY_BYTES,
    source: { file: ctx.file, line: ctx.lines.linePos(node.range?.[0] ?? 0).line },
  };
}
