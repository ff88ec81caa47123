import { countOf, directionOf, ipOf, macOf, outcomeOf, portOf, severityOf, transportOf } from '../../../src/parsers/cef/values';

describe('CEF values as ECS types', () => {
  it('ipOf accepts IPv4 and IPv6, not names or zone suffixes', () => {
    expect(ipOf('10.0.0.1')).toBe('10.0.0.1');
    expect(ipOf('fd00::555')).toBe('fd00::555');
    expect(ipOf('ffff:0:0:0:222:5555:ffff:5555')).toBe('ffff:0:0:0:222:5555:ffff:5555');
    expect(ipOf('fe80::1%eth0')).toBeUndefined();
    expect(ipOf('ubuntusvr')).toBeUndefined();
    expect(ipOf(undefined)).toBeUndefined();
  });

  it('portOf and countOf accept whole numbers in range only', () => {
    expect(portOf('443')).toBe(443);
    expect(portOf('65536')).toBeUndefined();
    expect(portOf('-1')).toBeUndefined();
    expect(countOf('146668')).toBe(146668);
    expect(countOf('1.5')).toBeUndefined();
    expect(countOf('9'.repeat(16))).toBeUndefined();
  });

  it('macOf writes MACs as ECS does and keeps other text', () => {
    expect(macOf('00:50:56:f5:7f:47')).toBe('00-50-56-F5-7F-47');
    expect(macOf('B3-F5-10-ED-C4-EE')).toBe('B3-F5-10-ED-C4-EE');
    expect(macOf('unknown')).toBe('unknown');
  });

  it('transportOf names IANA numbers and lower-cases names', () => {
    expect(transportOf('6')).toEqual({ transport: 'tcp', ianaNumber: '6' });
    expect(transportOf('58')).toEqual({ transport: 'ipv6-icmp', ianaNumber: '58' });
    expect(transportOf('250')).toEqual({ transport: '250', ianaNumber: '250' });
    expect(transportOf('UDP')).toEqual({ transport: 'udp' });
  });

  it('outcomeOf reads CEF and ArcSight outcomes', () => {
    expect(outcomeOf('success')).toBe('success');
    expect(outcomeOf('/Success')).toBe('success');
    expect(outcomeOf('Failure')).toBe('failure');
    expect(outcomeOf('/Attempt')).toBe('unknown');
    expect(outcomeOf(undefined)).toBeUndefined();
  });

  it('directionOf reads deviceDirection', () => {
    expect(directionOf('0')).toBe('inbound');
    expect(directionOf('1')).toBe('outbound');
    expect(directionOf('2')).toBeUndefined();
  });

  it('severityOf reads 0–10 and the spec words, and nothing else', () => {
    expect(severityOf('0')).toBe(0);
    expect(severityOf('10')).toBe(10);
    expect(severityOf('11')).toBeUndefined();
    expect(severityOf('Low')).toBe(3);
    expect(severityOf('medium')).toBe(6);
    expect(severityOf('High')).toBe(8);
    expect(severityOf('Very-High')).toBe(10);
    expect(severityOf('Unknown')).toBeUndefined();
    expect(severityOf('5.5')).toBeUndefined();
  });
});
