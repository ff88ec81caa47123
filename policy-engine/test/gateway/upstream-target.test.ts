import { GatewayError } from '../../src/gateway/errors';
import { parseGatewayRoutes } from '../../src/gateway/parse-routes';
import { upstreamTarget } from '../../src/gateway/upstream-target';

const [hr, land] = parseGatewayRoutes(
  '- {name: hr, prefix: /apps/hr, upstream: "http://hr.local:9000"}\n- {name: land, prefix: /apps/land, upstream: "https://[::1]:8443/registry/", stripPrefix: false}\n',
);

describe('upstreamTarget', () => {
  it.each([
    ['/apps/hr', 'http://hr.local:9000', '/'],
    ['/apps/hr/', 'http://hr.local:9000', '/'],
    ['/apps/hr?a=1&b=%20', 'http://hr.local:9000', '/?a=1&b=%20'],
    ['/apps/hr/x/y%2Fz?q', 'http://hr.local:9000', '/x/y%2Fz?q'],
  ])('strips the prefix: %s → %s%s', (raw, origin, path) => {
    const target = upstreamTarget(hr!, raw);
    expect([target.url.origin, target.path]).toEqual([origin, path]);
  });

  it('keeps the prefix under the base path when asked to', () => {
    const target = upstreamTarget(land!, '/apps/land/parcels/9?x=1');
    expect([target.url.protocol, target.url.hostname, target.url.port, target.path]).toEqual(['https:', '[::1]', '8443', '/registry/apps/land/parcels/9?x=1']);
  });

  it.each(['/apps/hrx', '/apps/%68r/x', '/other', '/apps/hr/./x', '/apps/hr/a/..', '/apps/hr/%2E%2e/x', '/apps/hr/..%5Cx', '/apps/hr/%zz'])('refuses %s with HALONG_GATEWAY_BAD_PATH', (raw) => {
    expect(() => upstreamTarget(hr!, raw)).toThrow(GatewayError);
    expect(() => upstreamTarget(hr!, raw)).toThrow(expect.objectContaining({ code: 'HALONG_GATEWAY_BAD_PATH', status: 400 }));
  });

  it('does not mistake dots inside a segment for a dot segment', () => {
    expect(upstreamTarget(hr!, '/apps/hr/v1.2/..file/...').path).toBe('/v1.2/..file/...');
  });
});
