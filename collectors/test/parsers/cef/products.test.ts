import { countsBytesFromSource, isFirewall } from '../../../src/parsers/cef/products';

describe('isFirewall', () => {
  it.each([
    ['Fortinet', 'Fortigate'],
    ['Fortinet', 'FortiGate'],
    ['Palo Alto Networks', 'PAN-OS'],
    ['Check Point', 'VPN-1 & FireWall-1'],
    ['Check Point', 'SmartDefense'],
    ['CISCO', 'ASA'],
    ['Cisco', 'Firepower Threat Defense'],
    ['FORCEPOINT', 'Firewall'],
    ['SonicWall', 'NSA 2600'],
    ['Sophos', 'XG'],
    ['WatchGuard', 'Firebox'],
    ['Juniper', 'SRX'],
    ['Barracuda', 'CloudGen Firewall'],
    ['Kaspersky', 'NGFW'],
    ['UserGate', 'NGFW'],
  ])('%s %s is a firewall', (vendor, product) => {
    expect(isFirewall(vendor, product)).toBe(true);
  });

  it.each([
    ['Security', 'threatmanager'],
    ['Fortinet', 'FortiWeb'],
    ['Fortinet', 'FortiMail'],
    ['Citrix', 'NetScaler'],
    ['Imperva Inc.', 'SecureSphere Web Application Firewall'],
    ['Barracuda', 'Web Application Firewall'],
    ['Trend Micro', 'Deep Security Agent'],
    ['Cisco', 'Umbrella'],
    ['Check Point', 'SmartConsole'],
    ['SonicWall', 'Email Security'],
    ['Palo Alto Networks', 'LF'],
  ])('%s %s is not', (vendor, product) => {
    expect(isFirewall(vendor, product)).toBe(false);
  });
});

describe('countsBytesFromSource', () => {
  it('is true for FortiOS only', () => {
    expect(countsBytesFromSource('Fortinet')).toBe(true);
    expect(countsBytesFromSource('Palo Alto Networks')).toBe(false);
  });
});
