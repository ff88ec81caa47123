import type { SourceContext } from '../../../src/parse/types';
import { parseExtension } from '../../../src/parsers/cef/extension';
import type { CefHeader } from '../../../src/parsers/cef/header';
import { cefToEcs } from '../../../src/parsers/cef/to-ecs';

const RECEIVED_AT = Date.UTC(2024, 4, 1, 12, 0, 0);
const SOURCE: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: RECEIVED_AT };
const HEADER: CefHeader = { version: '0', deviceVendor: 'Acme', deviceProduct: 'Sensor', deviceVersion: '2.1', deviceEventClassId: '42', name: 'Something happened', severity: '5' };

function ecs(extension: string, header: Partial<CefHeader> = {}, host?: string, source: SourceContext = SOURCE): Record<string, unknown> {
  return cefToEcs({ ...HEADER, ...header }, parseExtension(extension), host, source) as Record<string, unknown>;
}

// The value at a dotted path of a nested event.
function at(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), doc);
}

describe('cefToEcs', () => {
  it('maps the header to observer.* and event.*', () => {
    const event = ecs('');
    expect(at(event, 'event')).toEqual({ kind: 'event', module: 'cef', dataset: 'cef', code: '42', severity: 5 });
    expect(at(event, 'observer')).toEqual({ vendor: 'Acme', product: 'Sensor', version: '2.1' });
    expect(at(event, 'message')).toBe('Something happened');
    expect(event['@timestamp']).toBe('2024-05-01T12:00:00.000Z');
    expect(at(event, 'cef')).toEqual({ version: '0', device: { vendor: 'Acme', product: 'Sensor', version: '2.1', event_class_id: '42' }, name: 'Something happened', severity: '5', extensions: {} });
  });

  it('reads short and full dictionary names alike, the later pair winning', () => {
    const short = ecs('src=10.0.0.1 spt=1232 dst=2.1.2.2 dpt=443 suser=bob duser=alice proto=TCP act=blocked msg=hi');
    const full = ecs('sourceAddress=10.0.0.1 sourcePort=1232 destinationAddress=2.1.2.2 destinationPort=443 sourceUserName=bob destinationUserName=alice transportProtocol=TCP deviceAction=blocked message=hi');
    for (const event of [short, full]) {
      expect(at(event, 'source')).toEqual({ address: '10.0.0.1', ip: '10.0.0.1', port: 1232, user: { name: 'bob' } });
      expect(at(event, 'destination')).toEqual({ address: '2.1.2.2', ip: '2.1.2.2', port: 443, user: { name: 'alice' } });
      expect(at(event, 'user')).toEqual({ name: 'bob' });
      expect(at(event, 'network')).toEqual({ transport: 'tcp' });
      expect(at(event, 'event.action')).toBe('blocked');
      expect(at(event, 'message')).toBe('hi');
    }
    expect(at(ecs('src=10.0.0.1 sourceAddress=10.0.0.2'), 'source.ip')).toBe('10.0.0.2');
    expect(at(ecs('duser=alice'), 'user')).toEqual({ name: 'alice' });
  });

  it('keeps what is not an address, a port or a number out of typed ECS fields', () => {
    const event = ecs('src=ubuntusvr spt=99999 dst=fe80::1%eth0 fsize=big in=-1 dvc=ubuntusvr');
    expect(at(event, 'source')).toEqual({ address: 'ubuntusvr', domain: 'ubuntusvr' });
    expect(at(event, 'destination')).toEqual({ address: 'fe80::1%eth0' });
    expect(at(event, 'file')).toBeUndefined();
    expect(at(event, 'network')).toBeUndefined();
    expect(at(event, 'observer.hostname')).toBe('ubuntusvr');
    expect(at(event, 'observer.ip')).toBeUndefined();
    expect(at(event, 'cef.extensions')).toEqual({ src: 'ubuntusvr', spt: '99999', dst: 'fe80::1%eth0', fsize: 'big', in: '-1', dvc: 'ubuntusvr' });
  });

  it('takes an address from shost/dhost and a name from src/dst when devices swap them', () => {
    expect(at(ecs('shost=192.168.1.183'), 'source')).toEqual({ address: '192.168.1.183', ip: '192.168.1.183' });
    expect(at(ecs('src=10.0.0.5 shost=WIN-RM6HM42G65V'), 'source')).toEqual({ address: '10.0.0.5', ip: '10.0.0.5', domain: 'WIN-RM6HM42G65V' });
  });

  it('maps web, file, NAT, interface and device fields', () => {
    const event = ecs(
      'request=https://www.example.com/cart?id=1 requestMethod=POST requestClientApplication=curl/8.0 requestContext=https://www.google.com ' +
        'fname=eicar.exe filePath=C:\\\\Users\\\\eicar.exe fsize=68 sourceTranslatedAddress=192.168.70.214 sourceTranslatedPort=45719 ' +
        'destinationTranslatedAddress=10.10.10.10 destinationTranslatedPort=8443 deviceInboundInterface=port15 deviceOutboundInterface=port19 ' +
        'dvc=81.2.69.142 dvchost=super dvcmac=00:0c:29:eb:35:de deviceExternalId=FGT5HD3915800610 smac=00:0C:29:EB:35:DE deviceDirection=1 app=HTTPS reason=Policy',
    );
    expect(at(event, 'url')).toEqual({ original: 'https://www.example.com/cart?id=1', scheme: 'https', domain: 'www.example.com', path: '/cart', query: 'id=1' });
    expect(at(event, 'http')).toEqual({ request: { method: 'POST', referrer: 'https://www.google.com' } });
    expect(at(event, 'user_agent')).toEqual({ original: 'curl/8.0' });
    expect(at(event, 'file')).toEqual({ name: 'eicar.exe', path: 'C:\\Users\\eicar.exe', size: 68 });
    expect(at(event, 'source.nat')).toEqual({ ip: '192.168.70.214', port: 45719 });
    expect(at(event, 'destination.nat')).toEqual({ ip: '10.10.10.10', port: 8443 });
    expect(at(event, 'source.mac')).toBe('00-0C-29-EB-35-DE');
    expect(at(event, 'observer')).toEqual({
      vendor: 'Acme', product: 'Sensor', version: '2.1', ip: '81.2.69.142', hostname: 'super', mac: '00-0C-29-EB-35-DE',
      serial_number: 'FGT5HD3915800610', ingress: { interface: { name: 'port15' } }, egress: { interface: { name: 'port19' } },
    });
    expect(at(event, 'network')).toEqual({ protocol: 'https', direction: 'outbound' });
    expect(at(event, 'event.reason')).toBe('Policy');
  });

  it('counts bytes the ArcSight way (in = source to destination), and the FortiOS way for Fortinet', () => {
    expect(ecs('in=100 out=20')).toMatchObject({ source: { bytes: 100 }, destination: { bytes: 20 }, network: { bytes: 120 } });
    expect(ecs('in=100 out=20', { deviceVendor: 'Fortinet', deviceProduct: 'Fortigate' })).toMatchObject({ source: { bytes: 20 }, destination: { bytes: 100 }, network: { bytes: 120 } });
  });

  it('resolves custom fields by their labels under cef.labels, skipping labels without a value', () => {
    const event = ecs('cs1Label=Rule cs1=allow-dns cn1=7 cn1Label=Duration deviceCustomString2Label=Zone deviceCustomString2=trust cs3Label=Empty cs3= cs4=no label');
    expect(at(event, 'cef.labels')).toEqual({ Rule: 'allow-dns', Duration: '7', Zone: 'trust' });
    expect(at(event, 'cef.extensions')).toMatchObject({ cs1Label: 'Rule', cs1: 'allow-dns', deviceCustomString2: 'trust', cs4: 'no label' });
  });

  it('keeps extension keys that collide with Object.prototype as data', () => {
    const event = ecs('__proto__=x constructor=y toString=z');
    expect(Object.keys(at(event, 'cef.extensions') as object)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(at(event, 'cef.extensions'))).toBe(Object.prototype);
  });

  it('dates the event by rt, then end, then start, then the receive time; start/end also fill event.start/end', () => {
    expect(ecs('start=1305034000000 end=1305034099000 rt=1305034099211')['@timestamp']).toBe('2011-05-10T13:28:19.211Z');
    expect(ecs('start=1305034000000 end=1305034099000 rt=garbage')).toMatchObject({
      '@timestamp': '2011-05-10T13:28:19.000Z',
      event: { start: '2011-05-10T13:26:40.000Z', end: '2011-05-10T13:28:19.000Z' },
    });
    expect(ecs('start=Apr 11 2020 10:42:13')['@timestamp']).toBe('2020-04-11T03:42:13.000Z');
    expect(ecs('rt=garbage')['@timestamp']).toBe('2024-05-01T12:00:00.000Z');
  });

  it('reads zone-less times in dtz when it names a zone, else in the source zone', () => {
    expect(ecs('rt=Apr 11 2020 10:42:13 dtz=Europe/Paris')['@timestamp']).toBe('2020-04-11T08:42:13.000Z');
    expect(ecs('rt=Apr 11 2020 10:42:13 dtz=LA/LA')['@timestamp']).toBe('2020-04-11T03:42:13.000Z');
    // A misconfigured source zone makes zone-less times unreadable, not wrong.
    expect(ecs('rt=Apr 11 2020 10:42:13', {}, undefined, { timeZone: 'Nowhere/Land', receivedAt: RECEIVED_AT })['@timestamp']).toBe('2024-05-01T12:00:00.000Z');
  });

  it('marks firewalls for the network pipeline, and only them', () => {
    const firewall = ecs('src=10.0.0.1', { deviceVendor: 'Palo Alto Networks', deviceProduct: 'PAN-OS' });
    expect(at(firewall, 'event.category')).toEqual(['network']);
    expect(at(firewall, 'observer.type')).toBe('firewall');
    const other = ecs('src=10.0.0.1');
    expect(at(other, 'event.category')).toBeUndefined();
    expect(at(other, 'observer.type')).toBeUndefined();
  });

  it('keeps the syslog prefix host, as observer.hostname when dvchost and dvc say nothing', () => {
    expect(ecs('', {}, 'fw01')).toMatchObject({ observer: { hostname: 'fw01' }, log: { syslog: { hostname: 'fw01' } } });
    expect(ecs('dvchost=palovmfw', {}, '10.6.0.4')).toMatchObject({ observer: { hostname: 'palovmfw' }, log: { syslog: { hostname: '10.6.0.4' } } });
  });

  it('reads outcome and the header severity words', () => {
    expect(at(ecs('outcome=failure'), 'event.outcome')).toBe('failure');
    expect(at(ecs('categoryOutcome=/Success'), 'event.outcome')).toBe('success');
    expect(at(ecs('', { severity: 'Very-High' }), 'event.severity')).toBe(10);
    expect(at(ecs('', { severity: 'Unknown' }), 'event.severity')).toBeUndefined();
    expect(ecs('', { deviceEventClassId: '', name: '' })).not.toHaveProperty('message');
  });
});
