import { fortinetEvent } from '../../../src/parsers/syslog/fortinet';
import { fixtureLines, source } from './support/fixtures';

const body = (line: string) => line.slice(line.indexOf('date='));

describe('FortiGate key=value bodies', () => {
  const [traffic, login, relayed] = fixtureLines('fortigate.txt');

  it('maps a traffic log: fortinet.firewall.*, source/destination, event.code and action, eventtime', () => {
    const event = fortinetEvent(body(traffic!), source())!;
    expect(event).toMatchObject({
      dataset: 'fortinet.firewall',
      vendor: 'Fortinet',
      product: 'FortiGate',
      hostname: 'FGT60E',
      level: 'notice',
      code: '0000000013',
      action: 'close',
      // eventtime is in nanoseconds: exact, no zone needed.
      time: { epoch: Date.parse('2019-05-10T18:37:47.369Z') },
      fields: { source: { ip: '10.1.100.11', port: 58012 }, destination: { ip: '23.59.154.35', port: 80 } },
    });
    const fortinet = (event.fields.fortinet as { firewall: Record<string, string> }).firewall;
    expect(fortinet).toMatchObject({ devid: 'FGT60ETK18000000', type: 'traffic', subtype: 'forward', srcintf: 'port12', sentbyte: '1188' });
    expect(event.message).toBeUndefined();
  });

  it('reads date and time in the source zone, or in the tz field when there is one', () => {
    expect(fortinetEvent(body(login!), source())?.time).toEqual({ epoch: Date.parse('2016-02-12T03:48:12Z'), timezone: 'Asia/Ho_Chi_Minh' });
    expect(fortinetEvent(body(relayed!), source('UTC'))).toMatchObject({ time: { epoch: Date.parse('2026-11-23T18:18:55Z') }, action: 'deny', fields: { source: { ip: '10.1.100.11' }, destination: { ip: '203.0.113.80', port: 443 } } });
  });

  it('reads eventtime in seconds, milliseconds and microseconds', () => {
    const at = (eventtime: string) => fortinetEvent(`date=2019-05-10 time=11:37:47 logid=1 eventtime=${eventtime}`, source())?.time;
    expect(at('1557513467')).toEqual({ epoch: 1557513467000 });
    expect(at('1557513467369')).toEqual({ epoch: 1557513467369 });
    expect(at('1557513467369913')).toEqual({ epoch: 1557513467369 });
  });

  it('keeps a readable body even when its own time is not: the syslog time stands', () => {
    expect(fortinetEvent('date=2019-02-30 time=11:37:47 logid=1', source())?.time).toBeUndefined();
    expect(fortinetEvent('date=yesterday time=noon logid=1', source())?.time).toBeUndefined();
  });

  it('leaves invalid addresses and ports out of ECS', () => {
    const event = fortinetEvent('date=2019-05-10 time=11:37:47 logid=1 srcip=not-an-ip dstip=::1 dstport=99999', source())!;
    expect(event.fields).not.toHaveProperty('source');
    expect(event.fields.destination).toEqual({ ip: '::1' });
  });

  it('recognises only whole key=value bodies with a logid and a time', () => {
    expect(fortinetEvent('date=2019-05-10 time=11:37:47 devname=x', source())).toBeUndefined();
    expect(fortinetEvent('logid=1 devname=x', source())).toBeUndefined();
    expect(fortinetEvent('date=2019-05-10 time=11:37:47 logid=1 and then free text', source())).toBeUndefined();
    expect(fortinetEvent('Accepted password for alice', source())).toBeUndefined();
    expect(fortinetEvent('logid=1 eventtime=1557513467', source())).toMatchObject({ code: '1' });
  });
});
