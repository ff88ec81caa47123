import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRouteProblem, GatewayRoutesInvalidError } from '../../src/gateway/errors';
import type { GatewayRouteProblem } from '../../src/gateway/errors';
import { parseGatewayRoutes } from '../../src/gateway/parse-routes';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** The problems a route file is rejected with (fails the test when it is accepted). */
function problemsOf(text: string, file = 'routes.yaml'): readonly GatewayRouteProblem[] {
  try {
    parseGatewayRoutes(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayRoutesInvalidError);
    expect((error as GatewayRoutesInvalidError).code).toBe('HALONG_GATEWAY_ROUTES_INVALID');
    return (error as GatewayRoutesInvalidError).problems;
  }
  throw new Error('the route file was accepted');
}

const where = (p: GatewayRouteProblem): string => `${p.line}:${p.col} ${p.path ?? '-'}`;

describe('parseGatewayRoutes accepts', () => {
  it('a YAML file {routes: [...]} and fills in every default', () => {
    expect(parseGatewayRoutes(fixture('routes.yaml'), 'routes.yaml')).toEqual([
      {
        name: 'hr',
        prefix: '/apps/hr',
        upstream: 'http://127.0.0.1:9000/',
        resource: { type: 'app', id: 'hr' },
        stripPrefix: true,
        timeoutMs: 30_000,
        maxBodyBytes: 10 * 1024 * 1024,
        source: { file: 'routes.yaml', line: 3 },
      },
      {
        name: 'land-registry',
        prefix: '/apps/land',
        upstream: 'https://land.internal.hue.gov.vn:8443/registry/',
        resource: { type: 'gov-app', id: 'land' },
        action: 'access',
        stripPrefix: false,
        timeoutMs: 5000,
        maxBodyBytes: 1_048_576,
        source: { file: 'routes.yaml', line: 7 },
      },
    ]);
  });

  it('a JSON list, with an IPv6 upstream carrying a base path and a resource naming only its id', () => {
    const routes = parseGatewayRoutes(fixture('routes.json'), 'routes.json');
    expect(routes.map((r) => [r.name, r.prefix, r.upstream, r.resource, r.source?.line])).toEqual([
      ['hr', '/apps/hr', 'http://127.0.0.1:9000/', { type: 'app', id: 'hr' }, 2],
      ['permits', '/apps/permits/v2', 'http://[::1]:9100/base', { type: 'app', id: 'permits' }, 3],
    ]);
  });

  it('returns frozen routes', () => {
    const routes = parseGatewayRoutes(fixture('routes.yaml'));
    expect(Object.isFrozen(routes)).toBe(true);
    expect(Object.isFrozen(routes[0])).toBe(true);
  });
});

describe('parseGatewayRoutes rejects the whole file and lists every problem with its line', () => {
  it('the broken fixture: bad prefix, ftp upstream, credentials, duplicate name and prefix, unknown key, wrong types', () => {
    const problems = problemsOf(fixture('broken-routes.yaml'), 'broken-routes.yaml');
    expect(problems.map(where)).toEqual([
      '6:11 [1].prefix',
      '10:13 [2].upstream',
      '13:13 [3].upstream',
      '14:9 [4].name',
      '18:11 [5].prefix',
      '20:3 [6].upstream',
      '22:3 [6].upstrem',
      '26:16 [7].stripPrefix',
      '27:14 [7].timeoutMs',
      '28:13 [7].resource',
    ]);
    expect(problems.every((p) => p.file === 'broken-routes.yaml')).toBe(true);
    expect(problems.map((p) => p.message)).toEqual([
      'prefix must start with "/", got "apps/no-slash"',
      'upstream must use http or https, got "ftp"',
      'upstream must not carry credentials (user:password@)',
      'duplicate name "good", first defined at broken-routes.yaml:2',
      'duplicate prefix "/apps/good", first defined at broken-routes.yaml:2',
      '[6] has no upstream',
      'unknown key "upstrem" in [6]; allowed: name, prefix, upstream, resource, action, stripPrefix, timeoutMs, maxBodyBytes',
      '[7].stripPrefix must be true or false, got a string',
      '[7].timeoutMs must be an integer from 1 to 600000, got -1',
      '[7].resource must be a map with type and/or id, got a list',
    ]);
    expect(formatRouteProblem(problems[0]!)).toBe('broken-routes.yaml:6:11: prefix must start with "/", got "apps/no-slash"');
  });

  it('says how many problems there are, and the first ones, in the error message', () => {
    expect(() => parseGatewayRoutes(fixture('broken-routes.yaml'), 'broken-routes.yaml')).toThrow(
      /^gateway routes rejected with 10 problem\(s\): broken-routes\.yaml:6:11: prefix must start .*; broken-routes\.yaml:10:13: .*\(and 7 more\)$/,
    );
  });

  const route = (fields: string): string => `- name: app\n  prefix: /apps/app\n  upstream: http://127.0.0.1:9000\n${fields}`;

  it.each([
    ['a YAML syntax error', 3, '- name: hr\n  prefix: [/apps/hr\n', /flow sequence|Missing , or :|closing/i],
    ['a duplicate key', 2, '- name: hr\n  name: hr2\n  prefix: /apps/hr\n  upstream: http://127.0.0.1:9000\n', /unique/i],
    ['a scalar document', 1, 'just text\n', /a list of routes or \{routes: \[\.\.\.\]\}, got a string/],
    ['an empty list', 1, '[]\n', /holds no routes/],
    ['routes that are not a list', 1, 'routes: {name: hr}\n', /routes must be a list, got a map/],
    ['a route that is not a map', 1, '- /apps/hr\n', /\[0\] must be a route map/],
    ['a prefix with a trailing slash', 2, '- name: hr\n  prefix: /apps/hr/\n  upstream: http://127.0.0.1:9000\n', /must not end with "\/"/],
    ['the root prefix', 2, '- name: hr\n  prefix: /\n  upstream: http://127.0.0.1:9000\n', /at least one path segment/],
    ['a prefix with router syntax', 2, '- name: hr\n  prefix: /apps/:id\n  upstream: http://127.0.0.1:9000\n', /segments must be/],
    ['a prefix with a wildcard', 2, '- name: hr\n  prefix: /apps/*\n  upstream: http://127.0.0.1:9000\n', /segments must be/],
    ['a prefix with a dot-dot segment', 2, '- name: hr\n  prefix: /apps/../admin\n  upstream: http://127.0.0.1:9000\n', /not "\." or "\.\."/],
    ['a prefix with an empty segment', 2, '- name: hr\n  prefix: /apps//hr\n  upstream: http://127.0.0.1:9000\n', /non-empty/],
    ['a prefix under the gateway JWKS', 2, '- name: hr\n  prefix: /.well-known/hr\n  upstream: http://127.0.0.1:9000\n', /reserved for the gateway's own \/\.well-known/],
    ['the health route as prefix', 2, '- name: hr\n  prefix: /healthz\n  upstream: http://127.0.0.1:9000\n', /reserved/],
    ['a relative upstream', 3, '- name: hr\n  prefix: /apps/hr\n  upstream: 127.0.0.1:9000\n', /must use http or https|absolute/],
    ['a file upstream', 3, '- name: hr\n  prefix: /apps/hr\n  upstream: file:///etc/passwd\n', /must use http or https, got "file"/],
    ['an upstream with a user name only', 3, '- name: hr\n  prefix: /apps/hr\n  upstream: https://admin@hr.local\n', /must not carry credentials/],
    ['an upstream with a query', 3, '- name: hr\n  prefix: /apps/hr\n  upstream: http://hr.local/?token=1\n', /no query|not have a query/],
    ['a bad name', 1, '- name: HR app\n  prefix: /apps/hr\n  upstream: http://127.0.0.1:9000\n', /name must be 1-63/],
    ['a missing prefix', 1, '- name: hr\n  upstream: http://127.0.0.1:9000\n', /\[0\] has no prefix/],
    ['an empty action', 4, route('  action: ""\n'), /action must be a non-empty string, got an empty string/],
    ['a fractional body limit', 4, route('  maxBodyBytes: 1.5\n'), /maxBodyBytes must be an integer/],
    ['a timeout too long', 4, route('  timeoutMs: 600001\n'), /timeoutMs must be an integer from 1 to 600000, got 600001/],
    ['an unknown resource key', 4, route('  resource: {type: app, name: x}\n'), /unknown key "name" in \[0\]\.resource/],
    ['an empty resource id', 4, route('  resource: {id: ""}\n'), /resource\.id must be a non-empty string/],
  ])('%s (line %i)', (_case, line, text, message) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(line);
    expect(problems[0]!.message).toMatch(message);
  });

  it('two routes whose prefixes differ only by case are both kept: the router is case-sensitive', () => {
    const text = '- {name: a, prefix: /apps/HR, upstream: "http://a.local"}\n- {name: b, prefix: /apps/hr, upstream: "http://b.local"}\n';
    expect(parseGatewayRoutes(text).map((r) => r.prefix)).toEqual(['/apps/HR', '/apps/hr']);
  });
});
