import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ZeekTsvReader } from '../../../src/parsers/zeek';
import type { ParsedEvent, ParseOutcome, SourceContext } from '../../../src/parse/types';

const TSV = join(__dirname, 'fixtures', 'tsv');
const source = (topic?: string): SourceContext => ({ timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.parse('2026-11-24T01:00:00.000Z'), ...(topic ? { topic } : {}) });

function read(lines: string[], topic?: string): ParseOutcome[] {
  const reader = new ZeekTsvReader();
  return lines.flatMap((l) => reader.push(l, source(topic)));
}

function events(log: string): ParsedEvent[] {
  return read(readFileSync(join(TSV, `${log}.log`), 'utf8').split('\n')).map((o) => {
    if (!o.ok) throw new Error(o.failure.message);
    return o.event;
  });
}

const header = (fields: string[], types: string[], path = 'conn') => ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${path}`, `#fields\t${fields.join('\t')}`, `#types\t${types.join('\t')}`];

describe('ZeekTsvReader on the dataset excerpts', () => {
  it('reads every record of every log, one event each, headers giving none', () => {
    for (const file of readdirSync(TSV)) {
      const text = readFileSync(join(TSV, file), 'utf8');
      const records = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
      const out = read(text.split('\n'));
      expect(out.filter((o) => o.ok)).toHaveLength(records);
      const log = file.replace(/\.log$/, '');
      for (const o of out) expect(o.ok && o.event.event).toMatchObject({ module: 'zeek', dataset: `zeek.${log}`, category: ['network'] });
    }
  });

  it('maps conn: the 4-tuple, uid, transport, service, bytes, duration; every column under zeek.conn', () => {
    const conn = events('conn').find((e) => (e['zeek'] as { session_id: string }).session_id === 'CX6po61SVaO8po0uh8')!;
    expect(conn).toEqual({
      '@timestamp': '2023-08-16T04:54:03.549Z',
      event: { kind: 'event', module: 'zeek', dataset: 'zeek.conn', category: ['network'], type: ['connection'], duration: 1201128000 },
      source: { address: '192.168.1.41', port: 55213, ip: '192.168.1.41', bytes: 0, packets: 0 },
      destination: { address: '10.0.5.13', port: 80, ip: '10.0.5.13', bytes: 403, packets: 5 },
      network: { transport: 'tcp', bytes: 403, packets: 5 },
      related: { ip: ['192.168.1.41', '10.0.5.13'] },
      zeek: {
        session_id: 'CX6po61SVaO8po0uh8',
        conn: {
          ts: 1692161643.549491,
          uid: 'CX6po61SVaO8po0uh8',
          id: { orig_h: '192.168.1.41', orig_p: 55213, resp_h: '10.0.5.13', resp_p: 80 },
          proto: 'tcp',
          duration: 1.201128,
          orig_bytes: 0,
          resp_bytes: 403,
          conn_state: 'SHR',
          local_orig: true,
          local_resp: true,
          missed_bytes: 0,
          history: '^hadf',
          orig_pkts: 0,
          orig_ip_bytes: 0,
          resp_pkts: 5,
          resp_ip_bytes: 615,
        },
      },
    });
    const kerberos = events('conn').find((e) => (e['zeek'] as { session_id: string }).session_id === 'C9kgIj1Hnh6x9Wd8ak')!;
    expect(kerberos['network']).toMatchObject({ protocol: 'krb_tcp' });
  });

  it('maps dns: question, response code, flags, answers with their TTLs', () => {
    const [servfail, query, , answer] = events('dns');
    expect(servfail).toMatchObject({ network: { protocol: 'dns', transport: 'udp' }, dns: { id: '58519', response_code: 'SERVFAIL' } });
    expect(query).toMatchObject({ source: { ip: 'fe80::5d91:ea18:e2b5:9755' }, dns: { question: { name: 'zsvtcebybn', type: 'A', class: 'C_INTERNET' } } });
    expect(answer!['dns']).toEqual({
      id: '54906',
      question: { name: '_ldap._tcp.default-first-site-name._sites.dc._msdcs.pandalab.com' },
      response_code: 'NOERROR',
      header_flags: ['AA', 'RA'],
      answers: [{ data: 'dc01.pandalab.com', ttl: 600 }],
    });
    expect((answer!['zeek'] as { dns: Record<string, unknown> }).dns).toMatchObject({ Z: 0, rejected: false, answers: ['dc01.pandalab.com'], TTLs: [600] });
  });

  it('maps kerberos: the client principal as user, success as outcome; service stays in zeek.kerberos', () => {
    const [failed, ok] = events('kerberos');
    expect(failed).toMatchObject({ event: { outcome: 'failure' }, zeek: { kerberos: { service: 'krbtgt/PANDALAB.COM', error_msg: 'KDC_ERR_PREAUTH_REQUIRED' } } });
    expect(ok).toMatchObject({ event: { outcome: 'success' }, user: { name: 'stevie.marie', domain: 'PANDALAB.COM' }, zeek: { kerberos: { cipher: 'aes256-cts-hmac-sha1-96' } } });
  });

  it('maps http, files, ssl and x509 (dotted columns nested)', () => {
    expect(events('http')[2]).toMatchObject({ http: { version: '1.0', response: { status_code: 200, body: { bytes: 7168 } } }, zeek: { http: { resp_mime_types: ['application/x-dosexec'], tags: [] } } });
    expect(events('files')[2]).toMatchObject({ file: { mime_type: 'application/x-dosexec', size: 7168 }, zeek: { files: { analyzers: ['PE'], source: 'HTTP' } } });
    expect(events('ssl')[0]).toMatchObject({ network: { protocol: 'tls' }, tls: { version_protocol: 'tls', version: '1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', curve: 'x25519', established: false } });
    expect(events('x509')[0]).toMatchObject({
      x509: { serial_number: 'CEFE76A8C836DF6E', not_before: '2022-01-15T11:49:30.000Z', public_key_size: 2048 },
      zeek: { x509: { certificate: { serial: 'CEFE76A8C836DF6E', version: 3 }, basic_constraints: { ca: true } } },
    });
    expect(events('weird')[0]).toMatchObject({ event: { type: ['info'] }, source: { port: 0 }, zeek: { weird: { name: 'bad_IP_checksum' } } });
  });
});

describe('ZeekTsvReader format rules', () => {
  const fields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'tunnel_parents', 'history'];
  const types = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'set[string]', 'string'];
  const row = (...values: string[]) => values.join('\t');

  it('reads unset (-), empty ((empty)), sets, and the escapes of separators', () => {
    const [o] = read([...header(fields, types), row('1700000000.5', 'C1', '10.0.0.1', '1', '10.0.0.2', '80', 'tcp', 'a\\x09b', 'x\\x2cy,z', '\\x2d')]);
    expect(o).toMatchObject({ ok: true });
    const conn = (o as { event: ParsedEvent }).event['zeek'] as { conn: Record<string, unknown> };
    expect(conn.conn).toMatchObject({ service: 'a\tb', tunnel_parents: ['x,y', 'z'], history: '-' });
    const [unset] = read([...header(fields, types), row('1700000000.5', 'C1', '10.0.0.1', '1', '10.0.0.2', '80', 'tcp', '-', '(empty)', '\\x00')]);
    const c2 = (unset as { event: ParsedEvent }).event['zeek'] as { conn: Record<string, unknown> };
    expect(c2.conn).not.toHaveProperty('service');
    // Escapes of unprintable bytes are kept as Zeek wrote them (Sigma's Zeek rules match them so).
    expect(c2.conn).toMatchObject({ tunnel_parents: [], history: '\\x00' });
  });

  it('names the log from the file when there is no #path', () => {
    const lines = header(fields, types).filter((l) => !l.startsWith('#path'));
    const data = row('1700000000.5', 'C1', '10.0.0.1', '1', '10.0.0.2', '80', 'tcp', '-', '-', '-');
    expect(read([...lines, data], '/var/log/zeek/current/conn.log')[0]).toMatchObject({ ok: true, event: { event: { dataset: 'zeek.conn' } } });
    expect(read([...lines, data], '/data/conn.04:00:00-05:00:00.log.gz')[0]).toMatchObject({ ok: true, event: { event: { dataset: 'zeek.conn' } } });
    expect(read([...lines, data])[0]).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK' } });
  });

  it('starts over at the next file of a concatenation', () => {
    const first = [...header(['ts', 'query'], ['time', 'string'], 'dns'), row('1700000000.1', 'a.example')];
    const second = [...header(['ts', 'host'], ['time', 'string'], 'http'), row('1700000000.2', 'b.example')];
    const out = read([...first, '#close\t2026-11-24-08-00-00', ...second]);
    expect(out.map((o) => o.ok && o.event.event.dataset)).toEqual(['zeek.dns', 'zeek.http']);
    expect(out[1]).toMatchObject({ ok: true, event: { url: { domain: 'b.example' } } });
  });

  it('refuses records before #fields, with the wrong number of columns, or with an unreadable ts', () => {
    expect(read(['1700000000.1\tx'])[0]).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK', message: expect.stringMatching(/before any #fields/) } });
    expect(read([...header(['ts', 'query'], ['time', 'string'], 'dns'), 'only-one'])[0]).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ZEEK', message: expect.stringMatching(/1 values for 2/) } });
    expect(read([...header(['ts', 'query'], ['time', 'string'], 'dns'), row('yesterday', 'a')])[0]).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_TIME' } });
  });

  it('dates records of logs without ts when received, and refuses lines over the bound', () => {
    const [o] = read([...header(['name'], ['string'], 'loaded_scripts'), '/opt/zeek/share/zeek/base/init-bare.zeek']);
    expect(o).toMatchObject({ ok: true, event: { '@timestamp': '2026-11-24T01:00:00.000Z', event: { dataset: 'zeek.loaded_scripts', type: ['info'] } } });
    const reader = new ZeekTsvReader({ maxLineChars: 10 });
    expect(reader.push('x'.repeat(11), source())[0]).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_TOO_LARGE' } });
    expect(reader.push('', source())).toEqual([]);
  });
});
