import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSuricataEve } from '../../../src/parsers/suricata';
import type { ParsedEvent, SourceContext } from '../../../src/parse/types';

const source: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.parse('2026-11-24T01:00:00.000Z'), topic: '/var/log/suricata/eve.json' };
const lines = readFileSync(join(__dirname, 'fixtures', 'eve.jsonl'), 'utf8').split('\n').filter(Boolean);
const [alert, oldAlert, decodeAnomaly, appAnomaly, dnsQuery, dnsDetailed, dnsGrouped, http, tls, flow] = lines.map((line) => {
  const o = parseSuricataEve(line, source);
  if (!o.ok) throw new Error(o.failure.message);
  return o.event;
}) as [ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent, ParsedEvent];

describe('parseSuricataEve', () => {
  it('maps an alert: kind, rule, severity, tuple, and keeps the record whole', () => {
    expect(alert).toEqual({
      '@timestamp': '2017-04-07T21:24:37.251Z',
      event: { kind: 'alert', module: 'suricata', dataset: 'suricata.eve', category: ['network', 'intrusion_detection'], type: ['allowed'], severity: 2 },
      observer: { type: 'ids', vendor: 'OISF', product: 'Suricata' },
      message: 'ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1',
      rule: { id: '2018358', name: 'ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1', category: 'Potentially Bad Traffic', version: '10' },
      source: { ip: '192.168.2.14', address: '192.168.2.14', port: 50096 },
      destination: { ip: '209.53.113.5', address: '209.53.113.5', port: 80 },
      network: { transport: 'tcp', protocol: 'http' },
      related: { ip: ['192.168.2.14', '209.53.113.5'] },
      suricata: { eve: JSON.parse(lines[0]!) },
    });
  });

  it('reads a timestamp without zone in the source zone, and keeps a non-IP address out of *.ip', () => {
    // 2009-11-24T21:27:09.534255 in Vietnam (UTC+7).
    expect(oldAlert['@timestamp']).toBe('2009-11-24T14:27:09.534Z');
    expect(oldAlert['destination']).toEqual({ address: 'x.x.250.50', port: 80 });
    expect(oldAlert).toMatchObject({ event: { kind: 'alert', severity: 1 }, rule: { id: '2001999' } });
  });

  it('maps anomalies as network info events, reading negative offsets', () => {
    expect(decodeAnomaly).toMatchObject({ '@timestamp': '1970-01-01T00:04:21.000Z', event: { kind: 'event', category: ['network'], type: ['info'] }, network: { transport: 'udp' } });
    expect(appAnomaly).toMatchObject({ network: { protocol: 'tls', transport: 'tcp' }, suricata: { eve: { flow_id: 412547343494194, anomaly: { event: 'APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION' } } } });
  });

  it('maps DNS queries and both answer layouts of EVE v2', () => {
    expect(dnsQuery).toMatchObject({ '@timestamp': '2024-01-01T20:04:05.123Z', event: { type: ['protocol'] }, network: { protocol: 'dns', transport: 'udp' }, dns: { type: 'query', id: '16000', question: { name: 'twitter.com', type: 'A' } } });
    expect(dnsDetailed['dns']).toEqual({
      type: 'answer',
      id: '45444',
      response_code: 'NOERROR',
      header_flags: ['RD', 'RA'],
      answers: [
        { name: 'www.suricata-ids.org', type: 'CNAME', ttl: 3324, data: 'suricata-ids.org' },
        { name: 'suricata-ids.org', type: 'A', ttl: 10, data: '192.0.78.24' },
        { name: 'suricata-ids.org', type: 'A', ttl: 10, data: '192.0.78.25' },
      ],
      resolved_ip: ['192.0.78.24', '192.0.78.25'],
    });
    expect(dnsGrouped['dns']).toMatchObject({ answers: [{ type: 'A', data: '192.0.78.24' }, { type: 'A', data: '192.0.78.25' }, { type: 'CNAME', data: 'suricata-ids.org' }], resolved_ip: ['192.0.78.24', '192.0.78.25'] });
  });

  it('maps DNS of EVE v1 (one answer per event) and v3 (queries)', () => {
    const v1 = parseSuricataEve('{"timestamp":"2024-01-02T03:04:05+0700","event_type":"dns","dns":{"type":"answer","id":16000,"flags":"8180","qr":true,"rd":true,"ra":true,"rcode":"NOERROR","rrname":"twitter.com","rrtype":"A","ttl":8,"rdata":"199.16.156.6"}}', source);
    expect(v1).toMatchObject({ ok: true, event: { dns: { question: { name: 'twitter.com' }, answers: [{ name: 'twitter.com', type: 'A', ttl: 8, data: '199.16.156.6' }], resolved_ip: ['199.16.156.6'] } } });
    const v3 = parseSuricataEve('{"timestamp":"2024-01-02T03:04:05+0700","event_type":"dns","dns":{"version":3,"type":"request","id":1,"queries":[{"rrname":"example.vn","rrtype":"AAAA"}]}}', source);
    expect(v3).toMatchObject({ ok: true, event: { dns: { type: 'query', question: { name: 'example.vn', type: 'AAAA' } } } });
  });

  it('maps http to url, http and user_agent', () => {
    expect(http).toMatchObject({
      url: { domain: 'direkte.vg.no', original: '/api/v1/ho-so?id=123', path: '/api/v1/ho-so', query: 'id=123' },
      destination: { domain: 'direkte.vg.no', ip: '192.0.78.24' },
      http: { request: { method: 'GET', referrer: 'http://www.vg.no/' }, response: { status_code: 200, body: { bytes: 310 }, mime_type: 'application/json' }, version: '1.1' },
      user_agent: { original: '<User-Agent>' },
    });
  });

  it('maps tls: SNI, certificate subject, issuer, fingerprint, validity and version', () => {
    expect(tls['tls']).toEqual({
      version_protocol: 'tls',
      version: '1.2',
      client: { server_name: 'calendar.google.com' },
      server: {
        subject: 'C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com',
        issuer: 'C=US, O=Google Inc, CN=Google Internet Authority G2',
        hash: { sha1: '8F511206A0CC4ECDE8A38B38F88759E5AF95CACD' },
        x509: { serial_number: '0C0099B7D754C9F67726317EBAEA7C1C' },
        not_before: '2017-01-04T10:48:43.000Z',
        not_after: '2017-03-29T10:18:00.000Z',
      },
    });
  });

  it('maps flow counters, start, end and duration', () => {
    expect(flow).toMatchObject({
      event: { category: ['network'], type: ['connection', 'end'], start: '2019-05-28T21:32:29.025Z', end: '2019-05-28T21:35:28.071Z', duration: 179_046_000_000 },
      source: { packets: 23, bytes: 4884 },
      destination: { packets: 21, bytes: 7392 },
      network: { packets: 44, bytes: 12276, protocol: 'http' },
    });
  });

  it('maps stats as a metric, fileinfo as a file, a blocked alert as denied', () => {
    expect(parseSuricataEve('{"timestamp":"2024-01-02T03:04:05.000000+0700","event_type":"stats","stats":{"uptime":60}}', source)).toMatchObject({ ok: true, event: { event: { kind: 'metric' } } });
    const file = parseSuricataEve('{"timestamp":"2024-01-02T03:04:05+0700","event_type":"fileinfo","src_ip":"8.208.10.147","dest_ip":"10.2.8.101","fileinfo":{"filename":"/0801.bin","size":876,"sha256":"ABCD","state":"CLOSED"}}', source);
    expect(file).toMatchObject({ ok: true, event: { event: { category: ['network', 'file'] }, file: { path: '/0801.bin', name: '0801.bin', size: 876, hash: { sha256: 'abcd' } } } });
    const blocked = parseSuricataEve('{"timestamp":"2024-01-02T03:04:05+0700","event_type":"alert","alert":{"action":"blocked","signature_id":1,"signature":"x","severity":3}}', source);
    expect(blocked).toMatchObject({ ok: true, event: { event: { kind: 'alert', type: ['denied'] } } });
  });

  it('refuses what is not an EVE record', () => {
    const code = (line: string) => {
      const o = parseSuricataEve(line, source);
      return o.ok ? 'ok' : o.failure.code;
    };
    expect(code('  ')).toBe('HALONG_PARSE_EMPTY');
    expect(code('{"timestamp":')).toBe('HALONG_PARSE_JSON');
    expect(code('"alert"')).toBe('HALONG_PARSE_SURICATA');
    expect(code('{"timestamp":"2024-01-02T03:04:05+0700"}')).toBe('HALONG_PARSE_SURICATA');
    expect(code('{"event_type":"alert"}')).toBe('HALONG_PARSE_SURICATA');
    expect(code('{"timestamp":"02/01/2024 03:04:05","event_type":"alert"}')).toBe('HALONG_PARSE_TIME');
    expect(code(`{"timestamp":"2024-01-02T03:04:05Z","event_type":"alert","x":${'['.repeat(65)}${']'.repeat(65)}}`)).toBe('HALONG_PARSE_JSON');
  });
});
