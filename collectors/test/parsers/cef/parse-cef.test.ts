import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedEvent, SourceContext } from '../../../src/parse/types';
import { parseCef } from '../../../src/parsers/cef';
import { repeats } from '../support/large-values';

const RECEIVED_AT = Date.UTC(2024, 4, 1, 12, 0, 0);
const SOURCE: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: RECEIVED_AT };

function lines(fixture: string): string[] {
  return readFileSync(join(__dirname, 'fixtures', fixture), 'utf8').split('\n').filter((line) => line.length > 0);
}

function parsed(text: string): ParsedEvent {
  const outcome = parseCef(text, SOURCE);
  if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
  return outcome.event;
}

function at(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), doc);
}

const FIXTURES = ['spec.log', 'fortinet.log', 'paloalto.log', 'checkpoint.log', 'cisco-asa.log', 'trend-micro.log', 'netscaler.log', 'others.log'];

describe('parseCef on real messages', () => {
  it.each(FIXTURES.flatMap((fixture) => lines(fixture).map((line, i) => [`${fixture}#${i + 1}`, line] as const)))('%s parses to a CEF event', (_name, line) => {
    const event = parsed(line);
    expect(event.event).toMatchObject({ kind: 'event', module: 'cef', dataset: 'cef' });
    expect(event['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(at(event, 'cef.version')).toBe('0');
    expect(Object.keys(at(event, 'cef.extensions') as object).length).toBeGreaterThanOrEqual(line.endsWith('|10') ? 0 : 1);
  });

  it('reads the spec examples and their escapes', () => {
    const [worm, pipe, backslash, equals, multiLine, logger, bare] = lines('spec.log').map(parsed);
    expect(worm).toMatchObject({
      message: 'worm successfully stopped',
      event: { code: '100', severity: 10 },
      observer: { vendor: 'Security', product: 'threatmanager', version: '1.0', hostname: 'host' },
      source: { ip: '10.0.0.1', port: 1232 },
      destination: { ip: '2.1.2.2' },
    });
    expect(pipe).toMatchObject({ message: 'detected a | in message', event: { action: 'blocked a |' }, destination: { ip: '1.1.1.1' } });
    expect(backslash).toMatchObject({ message: 'detected a \\ in packet', event: { action: 'blocked a \\' } });
    expect(equals).toMatchObject({ message: 'detected a = in message', event: { action: 'blocked a =' } });
    expect(multiLine.message).toBe('Detected a threat.\n No action needed.');
    expect(logger).toMatchObject({ '@timestamp': '2011-05-10T13:28:19.211Z', observer: { ip: '10.0.0.1' }, cef: { labels: { unit: 'null', Status: 'Ok', timeframe: 'Current Value' } } });
    expect(bare).toMatchObject({ event: { severity: 10 }, cef: { extensions: {} } });
  });

  it('routes FortiGate traffic to the firewall pipeline with FortiOS byte directions', () => {
    const [v56, v60, system] = lines('fortinet.log').map(parsed);
    for (const event of [v56, v60, system]) expect(event).toMatchObject({ event: { category: ['network'] }, observer: { type: 'firewall', vendor: 'Fortinet', product: 'Fortigate' } });
    expect(v56).toMatchObject({
      event: { code: '00013', action: 'close', severity: 3 },
      source: { ip: '192.168.1.183', port: 45719, bytes: 398, nat: { ip: '192.168.70.214', port: 45719 } },
      destination: { ip: '192.168.70.184', port: 80, bytes: 1605 },
      network: { transport: 'tcp', iana_number: '6', protocol: 'http', bytes: 2003 },
      observer: { hostname: 'syslog-800c', ingress: { interface: { name: 'port15' } }, egress: { interface: { name: 'port19' } } },
      cef: { labels: { 'Policy Id': '10', Duration: '7', 'Packets Sent': '5', 'Packets Received': '5' } },
    });
    expect(v60).toMatchObject({ observer: { hostname: 'FGT-A-LOG', serial_number: 'FGT5HD3915800610' }, source: { bytes: 3652 }, destination: { bytes: 146668 } });
    expect(at(v60, 'cef.extensions.FTNTFGTdstcountry')).toBe('United States');
    expect(system).toMatchObject({ message: 'Configuration is changed in the admin session', event: { severity: 7 } });
    expect(at(system, 'user')).toBeUndefined();
  });

  it('reads PAN-OS output: its GMT receive time, empty values and labels', () => {
    const [system] = lines('paloalto.log').map(parsed);
    expect(system).toMatchObject({
      '@timestamp': '2018-11-04T07:15:46.000Z',
      message: 'Failed password for root from 116.31.116.38 port 63605 ssh2',
      event: { category: ['network'], code: 'general', severity: 3 },
      observer: { type: 'firewall', hostname: 'palovmfw', product: 'PAN-OS' },
      log: { syslog: { hostname: '10.6.0.4' } },
      cef: { name: 'SYSTEM', labels: { Module: 'general' }, extensions: { cs3: '', fname: '', PanOSVsysName: '' } },
    });
    expect(system).not.toHaveProperty('file');
  });

  it('reads Check Point Log Exporter lines', () => {
    const [accept, bypass, drop] = lines('checkpoint.log').map(parsed);
    expect(accept).toMatchObject({
      '@timestamp': '2018-11-26T22:17:32.000Z',
      event: { action: 'Accept', category: ['network'] },
      observer: { type: 'firewall', product: 'VPN-1 & FireWall-1' },
      source: { ip: '192.168.101.100', port: 49363, nat: { ip: '192.168.103.254', port: 35398 } },
      destination: { ip: '52.173.84.157', port: 443, nat: { ip: '0.0.0.0', port: 0 } },
      network: { transport: 'tcp', direction: 'inbound' },
      cef: { labels: { 'Matched Category': 'Business / Economy', 'This field is made up': '1508150533713' }, extensions: { originsicname: 'CN=R80,O=R80_M..6u6bdo', product: 'VPN-1 & FireWall-1' } },
    });
    expect(at(accept, 'event.severity')).toBeUndefined();
    expect(bypass).toMatchObject({ message: 'Encrypted session', event: { action: 'Bypass' }, cef: { labels: { 'Email Control': 'SMTP Policy Restrictions', 'Subscription expiration': 'Apr 11 2020 10:42:13' } } });
    expect(drop).toMatchObject({ event: { action: 'Drop' }, cef: { labels: { 'Source IPv6 Address': 'fd00::555', 'Destination IPv6 Address': '::1', 'Duration in Seconds': '5' } } });
  });

  it('reads an ArcSight-forwarded Cisco ASA event with full key names', () => {
    const [asa] = lines('cisco-asa.log').map(parsed);
    expect(asa).toMatchObject({
      '@timestamp': '2017-01-11T00:54:54.000Z',
      message: 'Teardown dynamic UDP translation',
      event: { category: ['network'], code: '305012', severity: 3, outcome: 'success' },
      observer: { vendor: 'CISCO', product: 'ASA', type: 'firewall', hostname: 'super', ip: '81.2.69.142' },
      source: { ip: '89.160.20.128', port: 5260, nat: { ip: '81.2.69.144', port: 5260 } },
      network: { transport: 'udp' },
      cef: {
        labels: { 'Connection Type': 'dynamic', Duration: '0:00:00', 'Agent IPv6 Address': 'ffff:0:0:0:222:5555:ffff:5555' },
        extensions: { sourceZoneID: 'GqtK3G9YBABCadQ465CqVeW==', eventAnnotationAuditTrail: '1,1484012146095,root,Queued,,,,\\n', 'ad.arcSightEventPath': '7q0sfHVcBABCcMZVvMSDFc1w==' },
      },
    });
    expect(asa).not.toHaveProperty('observer.version');
  });

  it('reads Trend Micro, NetScaler, OSSEC, Carbon Black, OPSWAT and Elastic samples', () => {
    const [signIn, eicar, tcpLog, winEvent, reputation] = lines('trend-micro.log').map(parsed);
    expect(signIn).toMatchObject({ user: { name: 'admin' }, source: { ip: '10.52.116.160', user: { name: 'admin' } }, message: 'User signed in from 2001:db8::5' });
    expect(eicar).toMatchObject({ event: { action: 'Delete' }, file: { path: 'C:\\Users\\trend\\Desktop\\eicar.exe' }, cef: { labels: { Container: 'ContainerImageName | ContainerName | ContainerID', 'Quarantine File Size': '205' } } });
    expect(tcpLog).toMatchObject({ source: { mac: '00-0C-29-EB-35-DE', port: 49617 }, destination: { mac: '00-50-56-F5-7F-47', bytes: 1019 }, observer: { hostname: 'hostname' } });
    expect(winEvent).toMatchObject({ user: { name: '(no user)' }, source: { ip: '127.0.0.1', domain: 'WIN-RM6HM42G65V' }, file: { name: 'Security' } });
    expect(reputation).toMatchObject({ url: { original: 'example.com' }, message: 'Blocked By Admin' });
    for (const event of [signIn, eicar, tcpLog, winEvent, reputation]) expect(at(event, 'observer.type')).toBeUndefined();

    const [, post, signature] = lines('netscaler.log').map(parsed);
    expect(post).toMatchObject({ event: { action: 'not blocked' }, url: { original: 'http://vpx247.example.net/FFC/login_post.html?abc=def', domain: 'vpx247.example.net', path: '/FFC/login_post.html', query: 'abc=def' } });
    expect(signature.message).toBe('Signature violation rule ID 807: web-cgi /wwwboard/passwd.txt access');

    const [web, padded, ossec, opswat, carbonBlack] = lines('others.log').map(parsed);
    expect(web).toMatchObject({ event: { severity: 3 }, http: { request: { method: 'POST', referrer: 'https://www.google.com' } }, url: { original: 'https://www.example.com/cart' } });
    expect(padded).toMatchObject({ message: 'This event is padded with whitespace', source: { ip: '192.168.3.4' } });
    expect(ossec).toMatchObject({ event: { severity: 9, code: '5302' }, user: { name: 'root' }, observer: { hostname: 'ubuntusvr' }, message: 'May 11 21:16:05 ubuntusvr su[24120]: - /dev/pts/1 xavier:root' });
    expect(ossec.source).toEqual({ user: { name: 'root' } });
    expect(opswat).toMatchObject({ observer: { hostname: 'egs-001' }, cef: { extensions: { OMSuri: 'smtp://192.168.0.17:25', OMSrecipients: 'QList("karoly.arnhoffer@opswat.com")' } } });
    expect(carbonBlack).toMatchObject({ destination: { ip: '10.0.0.1', user: { name: 'NTAUTHORITY\\SYSTEM' } }, observer: { hostname: 'server3.mycorp.local' } });
  });

  it('fits the network pipeline firewall entry and no web entry', () => {
    const event = parsed(lines('fortinet.log')[0]!);
    expect(event.event.category).toContain('network');
    expect(at(event, 'observer.type')).toBe('firewall');
    expect(event.event.category).not.toContain('web');
  });
});

describe('parseCef failures', () => {
  it('says HALONG_PARSE_EMPTY for empty text and HALONG_PARSE_CEF with a reason for other text', () => {
    expect(parseCef('', SOURCE)).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_EMPTY', message: 'The message is empty.' } });
    expect(parseCef(' \n', SOURCE)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_EMPTY' } });
    expect(parseCef('<134>Sep 19 08:26:10 host sshd[1]: Accepted password', SOURCE)).toEqual({
      ok: false,
      failure: { code: 'HALONG_PARSE_CEF', message: 'Not CEF: No "CEF:<version>|" header in the first 2048 characters.' },
    });
    expect(parseCef('CEF:0|Vendor|Product', SOURCE)).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_CEF', message: 'Not CEF: The header has 3 of its 7 fields.' } });
  });

  it('never throws, whatever the text', () => {
    const samples = lines('fortinet.log').concat(lines('cisco-asa.log'));
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i += 1) {
      const base = samples[i % samples.length]!;
      const cut = Math.floor(random() * base.length);
      const noise = String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(random() * 0x80)));
      const text = base.slice(0, cut) + noise + base.slice(cut + Math.floor(random() * 20));
      expect(() => parseCef(text, SOURCE)).not.toThrow();
    }
    expect(() => parseCef('CEF:0|v|p|1|2|n|3|rt=1', { timeZone: 'UTC', receivedAt: Number.NaN })).not.toThrow();
  }, 30_000);

  // 10 MB of pairs whose values hold blanks and unescaped `=`, each checked for being the next key;
  // their speed is measured by `npm run bench -w collectors` (section hostile).
  it('parses a 10 MB line whole', () => {
    const pairs = 'msg=a value with spaces and = signs src=10.0.0.1 '.repeat(200_000);
    const text = `Sep 19 08:26:10 host CEF:0|Security|threatmanager|1.0|100|big|5|${pairs}request=${'x'.repeat(500_000)}`;
    expect(text.length).toBeGreaterThan(10_000_000);
    const event = parsed(text);
    expect([event.message, event.source, event.observer]).toEqual([
      'a value with spaces and = signs',
      { address: '10.0.0.1', ip: '10.0.0.1' },
      { vendor: 'Security', product: 'threatmanager', version: '1.0', hostname: 'host' },
    ]);
    const extensions = at(event, 'cef.extensions') as Record<string, unknown>;
    expect(Object.keys(extensions)).toEqual(['msg', 'src', 'request']);
    expect(repeats(extensions['request'], 'x')).toBe(500_000);
    expect(repeats(at(event, 'url.original'), 'x')).toBe(500_000);
  }, 60_000);
});
