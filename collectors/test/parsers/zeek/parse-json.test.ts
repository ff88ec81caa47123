import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseZeekJson } from '../../../src/parsers/zeek';
import type { ParsedEvent, SourceContext } from '../../../src/parse/types';

const source = (topic?: string): SourceContext => ({ timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.parse('2026-11-24T01:00:00.000Z'), ...(topic ? { topic } : {}) });
const lines = readFileSync(join(__dirname, 'fixtures', 'json', 'zeek.ndjson'), 'utf8').split('\n').filter(Boolean);

function parsed(line: string, topic?: string): ParsedEvent {
  const o = parseZeekJson(line, source(topic));
  if (!o.ok) throw new Error(o.failure.message);
  return o.event;
}

describe('parseZeekJson', () => {
  it('maps a conn record like its TSV twin (dotted names nested under zeek.conn)', () => {
    expect(parsed(lines[0]!)).toMatchObject({
      '@timestamp': '2023-08-16T04:54:03.549Z',
      event: { module: 'zeek', dataset: 'zeek.conn', category: ['network'], type: ['connection'], duration: 1201128000 },
      source: { ip: '192.168.1.41', port: 55213 },
      destination: { ip: '10.0.5.13', port: 80, bytes: 403 },
      network: { transport: 'tcp' },
      zeek: { session_id: 'CX6po61SVaO8po0uh8', conn: { id: { orig_h: '192.168.1.41', resp_p: 80 }, history: '^hadf', local_orig: true } },
    });
    expect((parsed(lines[0]!)['zeek'] as { conn: Record<string, unknown> }).conn).not.toHaveProperty('_path');
  });

  it('maps dns answers and the fields detection reads (query, qtype_name, answers)', () => {
    expect(parsed(lines[1]!)).toMatchObject({
      network: { protocol: 'dns' },
      dns: { question: { name: '_ldap._tcp.default-first-site-name._sites.dc._msdcs.pandalab.com' }, answers: [{ data: 'dc01.pandalab.com', ttl: 600 }], header_flags: ['AA', 'RA'] },
    });
  });

  it('maps http to url, http and user_agent, with an ISO 8601 ts', () => {
    expect(parsed(lines[2]!)).toMatchObject({
      '@timestamp': '2023-08-16T04:54:08.308Z',
      url: { domain: '10.0.5.13', original: '/payload.exe?x=1', path: '/payload.exe', query: 'x=1' },
      http: { request: { method: 'GET', body: { bytes: 0 } }, response: { status_code: 200, body: { bytes: 7168 } }, version: '1.1' },
      user_agent: { original: 'Microsoft-WebDAV-MiniRedir/10.0.19045' },
    });
  });

  it('maps ssl server_name and JA3', () => {
    expect(parsed(lines[3]!)).toMatchObject({ network: { protocol: 'tls' }, tls: { client: { server_name: 'updates.example.gov.vn', ja3: '72a589da586844d7f0818ce684948eea' }, established: true, resumed: false } });
  });

  it('names a record without _path from its file, and refuses it when the file names none', () => {
    expect(parsed(lines[4]!, '/var/log/zeek/kerberos.log')).toMatchObject({ event: { dataset: 'zeek.kerberos' }, user: { name: 'stevie.marie' } });
    expect(parseZeekJson(lines[4]!, source('/var/log/zeek/current'))).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK' } });
    // A _path that is no log name (nor `session_id`, which zeek.session_id holds) does not name the dataset.
    expect(parseZeekJson('{"_path":"../x","ts":1}', source())).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK' } });
    expect(parseZeekJson('{"_path":"session_id","ts":1}', source())).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK' } });
  });

  it('reads ts as epoch seconds, epoch milliseconds, ISO with or without zone', () => {
    const at = (ts: unknown) => parsed(JSON.stringify({ _path: 'conn', ts }))['@timestamp'];
    expect(at(1692161643.549491)).toBe('2023-08-16T04:54:03.549Z');
    expect(at('1692161643.549491')).toBe('2023-08-16T04:54:03.549Z');
    expect(at(1692161643549)).toBe('2023-08-16T04:54:03.549Z');
    expect(at('2023-08-16T11:54:03.549491+07:00')).toBe('2023-08-16T04:54:03.549Z');
    // No zone: the source's (Vietnam, UTC+7).
    expect(at('2023-08-16T11:54:03.549')).toBe('2023-08-16T04:54:03.549Z');
    expect(parseZeekJson('{"_path":"conn","ts":"soon"}', source())).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_TIME' } });
  });

  it('nests objects of writers that nest, and keeps odd keys as plain data', () => {
    const e = parsed('{"_path":"conn","ts":1,"id":{"orig_h":"10.0.0.1","orig_p":5},"__proto__":{"polluted":true},"x.constructor":1}');
    expect(e).toMatchObject({ source: { ip: '10.0.0.1', port: 5 } });
    const conn = (e['zeek'] as { conn: Record<string, unknown> }).conn;
    expect(Object.getPrototypeOf(conn)).toBe(Object.prototype);
    expect(Object.keys(conn)).toEqual(expect.arrayContaining(['__proto__', 'x']));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses what is not a Zeek JSON record', () => {
    expect(parseZeekJson('', source())).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_EMPTY' } });
    expect(parseZeekJson('{"ts":', source())).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
    expect(parseZeekJson('[1,2]', source('conn.log'))).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK' } });
    expect(parseZeekJson('1692161643.5\tC1\t10.0.0.1', source('conn.log'))).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
  });

  it('a log named like an Object.prototype member is a log like any other', () => {
    expect(parsed('{"_path":"constructor","ts":1}')).toMatchObject({ event: { dataset: 'zeek.constructor', type: ['info'] }, zeek: { constructor: { ts: 1 } } });
    expect(parsed('{"_path":"constructor","ts":1}')['network']).toBeUndefined();
  });

  it('an IP column that is no IP stays an address only', () => {
    expect(parsed('{"_path":"conn","ts":1,"id.orig_h":"not-an-ip"}')['source']).toEqual({ address: 'not-an-ip' });
  });
});
