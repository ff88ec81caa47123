// A route file (YAML or JSON: a list of routes, or {routes: [...]}) → checked routes, or every problem.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { GatewayRoutesInvalidError } from './errors';
import type { RouteReadContext } from './read-route';
import { problemAt, readRoute, typeName } from './read-route';
import type { GatewayRoute } from './route-types';

function routeNodes(ctx: RouteReadContext, contents: unknown): { node: unknown; path: string }[] {
  if (isSeq(contents)) return contents.items.map((node, i) => ({ node, path: `[${i}]` }));
  if (isMap(contents) && contents.items.length === 1 && isScalar(contents.items[0]!.key) && contents.items[0]!.key.value === 'routes') {
    const list = contents.items[0]!.value;
    if (isSeq(list)) return list.items.map((node, i) => ({ node, path: `routes[${i}]` }));
    problemAt(ctx, `routes must be a list, got ${typeName(list)}`, list ?? contents, 'routes');
    return [];
  }
  problemAt(ctx, `a route file holds a list of routes or {routes: [...]}, got ${typeName(contents)}`, contents);
  return [];
}

function checkUnique(ctx: RouteReadContext, routes: readonly { route: GatewayRoute; node: unknown; path: string }[]): void {
  for (const key of ['name', 'prefix'] as const) {
    const first = new Map<string, number>();
    for (const { route, node, path } of routes) {
      const line = route.source!.line;
      const seen = first.get(route[key]);
      if (seen === undefined) first.set(route[key], line);
      else {
        const value = isMap(node) ? node.get(key, true) : node;
        problemAt(ctx, `duplicate ${key} ${JSON.stringify(route[key])}, first defined at ${ctx.file}:${seen}`, value, `${path}.${key}`);
      }
    }
  }
}

/**
 * Reads a gateway route file. Every problem is collected with its file, line and column, and any
 * problem rejects the whole file (`GatewayRoutesInvalidError`, code `HALONG_GATEWAY_ROUTES_INVALID`):
 * a gateway half-configured would expose some applications and silently drop others.
 */
export function parseGatewayRoutes(text: string, file = 'routes'): readonly GatewayRoute[] {
  const lines = new LineCounter();
  const ctx: RouteReadContext = { file, lines, problems: [] };
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    ctx.problems.push({ message, file, line: pos.line, col: pos.col });
  }
  if (doc.errors.length > 0) throw new GatewayRoutesInvalidError(ctx.problems);
  const nodes = routeNodes(ctx, doc.contents);
  if (nodes.length === 0 && ctx.problems.length === 0) problemAt(ctx, 'the route file holds no routes', doc.contents);
  const read = nodes.flatMap(({ node, path }) => {
    const route = readRoute(ctx, node, path);
    return route === undefined ? [] : [{ route, node, path }];
  });
  checkUnique(ctx, read);
  if (ctx.problems.length > 0) {
    ctx.problems.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new GatewayRoutesInvalidError(ctx.problems);
  }
  return Object.freeze(read.map(({ route }) => Object.freeze(route)));
}
