import { accessToEcs } from '../../../src/parsers/access-log/to-ecs';
import type { AccessRecord } from '../../../src/parsers/access-log/to-ecs';

const LINE: AccessRecord['line'] = {
  head: [],
  ident: '-',
  user: '-',
  time: '01/May/2024:07:00:00 +0700',
  request: 'GET /a?b=1 HTTP/1.1',
  status: '200',
  bytes: '612',
};
const EPOCH = Date.UTC(2024, 4, 1);

function ecs(line: Partial<AccessRecord['line']> = {}, record: Partial<AccessRecord> = {}, server: 'nginx' | 'apache' | 'unknown' = 'nginx'): Record<string, unknown> {
  const full: AccessRecord = { line: { ...LINE, ...line }, client: { addresses: ['10.0.0.1'] }, epoch: EPOCH, request: { method: 'GET', target: '/a?b=1', version: '1.1' }, ...record };
  const module = server === 'unknown' ? undefined : server;
  return accessToEcs(full, 'the line', module, module ? `${module}.access` : 'web.access') as Record<string, unknown>;
}

describe('accessToEcs', () => {
  it('produces the fields the web pipeline routes on', () => {
    expect(ecs()).toEqual({
      '@timestamp': '2024-05-01T00:00:00.000Z',
      message: 'the line',
      event: { kind: 'event', category: ['web'], type: ['access'], module: 'nginx', dataset: 'nginx.access', outcome: 'success' },
      source: { address: '10.0.0.1', ip: '10.0.0.1' },
      url: { original: '/a?b=1', path: '/a', query: 'b=1' },
      http: { version: '1.1', request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 612 } } },
    });
    expect(ecs({}, {}, 'unknown').event).toEqual({ kind: 'event', category: ['web'], type: ['access'], dataset: 'web.access', outcome: 'success' });
  });

  it('sets event.outcome by status: below 400 success, else failure', () => {
    expect(ecs({ status: '399' })).toMatchObject({ event: { outcome: 'success' } });
    expect(ecs({ status: '400' })).toMatchObject({ event: { outcome: 'failure' } });
    expect(ecs({ status: '503' })).toMatchObject({ event: { outcome: 'failure' } });
  });

  it('maps user, referrer, user agent and leaves "-" values out', () => {
    expect(ecs({ user: 'frank', referrer: 'http://www.example.com/start.html', userAgent: 'Mozilla/4.08' })).toMatchObject({
      user: { name: 'frank' },
      http: { request: { referrer: 'http://www.example.com/start.html' } },
      user_agent: { original: 'Mozilla/4.08' },
    });
    const dashes = ecs({ referrer: '-', userAgent: '-', bytes: '-' });
    expect(dashes).not.toHaveProperty('user');
    expect(dashes).not.toHaveProperty('user_agent');
    expect(dashes).not.toHaveProperty('http.request.referrer');
    expect(dashes).not.toHaveProperty('http.response.body');
  });

  it('maps the vhost to destination.* and url.domain, unless the target names its own host', () => {
    expect(ecs({}, { client: { vhost: 'example.com:8080', addresses: ['10.0.0.1'] } })).toMatchObject({ destination: { address: 'example.com', domain: 'example.com', port: 8080 }, url: { domain: 'example.com' } });
    expect(ecs({}, { client: { vhost: '1.128.3.4', addresses: ['10.0.0.1'] } })).toMatchObject({ destination: { address: '1.128.3.4', ip: '1.128.3.4' }, url: { domain: '1.128.3.4' } });
    expect(ecs({}, { client: { vhost: 'proxy.local', addresses: ['10.0.0.1'] }, request: { method: 'GET', target: 'http://other.example/x', version: '1.1' } })).toMatchObject({
      url: { original: 'http://other.example/x', scheme: 'http', domain: 'other.example', path: '/x' },
    });
  });

  it('maps names and unix sockets as addresses, never as source.ip', () => {
    expect(ecs({}, { client: { addresses: ['monitoring-server'] } }).source).toEqual({ address: 'monitoring-server', domain: 'monitoring-server' });
    expect(ecs({}, { client: { addresses: ['unix:'] } }).source).toEqual({ address: 'unix:' });
    expect(ecs({}, { client: { addresses: ['-'] } })).not.toHaveProperty('source');
  });

  it('keeps forwarded-for lists, unreadable requests and trailing fields under the dataset namespace', () => {
    const event = ecs({ request: '\\x16\\x03\\x01', extra: '"-" 0.005' }, { client: { addresses: ['10.0.0.2', '10.0.0.1', '127.0.0.1'] }, request: undefined }, 'apache');
    expect(event).toMatchObject({ source: { ip: '10.0.0.2' }, apache: { access: { remote_ip_list: ['10.0.0.2', '10.0.0.1', '127.0.0.1'], request: '\\x16\\x03\\x01', extra: '"-" 0.005' } } });
    expect(event).not.toHaveProperty('url');
    expect(event).not.toHaveProperty('http.request');
    expect(ecs({ request: '-' }, { request: undefined })).not.toHaveProperty('nginx');
    expect(ecs({ extra: '0.1' }, {}, 'unknown')).toMatchObject({ web: { access: { extra: '0.1' } } });
  });
});
