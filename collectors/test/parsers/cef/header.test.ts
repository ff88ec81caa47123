import { splitCef } from '../../../src/parsers/cef/header';

function split(text: string) {
  const result = splitCef(text);
  if ('error' in result) throw new Error(result.error);
  return result;
}

describe('splitCef', () => {
  it('reads the seven header fields and leaves the extension as sent', () => {
    const { prefix, header, extension } = split('Sep 19 08:26:10 host CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232');
    expect(prefix).toBe('Sep 19 08:26:10 host ');
    expect(header).toEqual({
      version: '0',
      deviceVendor: 'Security',
      deviceProduct: 'threatmanager',
      deviceVersion: '1.0',
      deviceEventClassId: '100',
      name: 'worm successfully stopped',
      severity: '10',
    });
    expect(extension).toBe('src=10.0.0.1 dst=2.1.2.2 spt=1232');
  });

  it('decodes \\| and \\\\ in header fields and keeps other backslashes', () => {
    expect(split('CEF:0|security|threatmanager|1.0|100|detected a \\| in message|10|act=blocked a | dst=1.1.1.1').header.name).toBe('detected a | in message');
    expect(split('CEF:0|security|threatmanager|1.0|100|detected a \\\\ in packet|10|act=x').header.name).toBe('detected a \\ in packet');
    expect(split('CEF:0|Acme\\Corp|p|1|2|n|3|').header.deviceVendor).toBe('Acme\\Corp');
    // An escaped backslash before a pipe ends the field there.
    expect(split('CEF:0|v\\\\|p|1|2|n|3|').header).toMatchObject({ deviceVendor: 'v\\', deviceProduct: 'p' });
  });

  it('leaves pipes and escapes of the extension alone', () => {
    expect(split('CEF:0|v|p|1|2|n|3|cs6=a | b | c msg=x\\=y').extension).toBe('cs6=a | b | c msg=x\\=y');
  });

  it('accepts "CEF: 0|" (FortiOS 6.0, logger -t CEF), a PRI and a BOM before the marker', () => {
    expect(split('Dec 27 11:07:55 FGT-A-LOG CEF: 0|Fortinet|Fortigate|v6.0.3|00013|traffic:forward close|3|src=1.2.3.4').header.deviceVendor).toBe('Fortinet');
    expect(split('<134>CEF:0|v|p|1|2|n|3|').prefix).toBe('<134>');
    expect(split('\uFEFFCEF:0|v|p|1|2|n|3|').header.version).toBe('0');
  });

  it('keeps empty header fields (ArcSight forwarders leave the device version empty)', () => {
    expect(split('CEF:0|CISCO|ASA||305012|Teardown dynamic UDP translation|Low| eventId=1').header).toMatchObject({ deviceVersion: '', severity: 'Low' });
  });

  it('accepts a header without the pipe after the severity, with or without an extension after a blank', () => {
    expect(split('CEF:0|security|threatmanager|1.0|100|Detected a threat. No action needed.|10')).toMatchObject({ header: { severity: '10' }, extension: '' });
    expect(split('CEF:0|Fortinet|FortiGate|7.4|100|Blocked Threat|8 src=10.0.0.1 dst=1.1.1.1')).toMatchObject({ header: { severity: '8' }, extension: 'src=10.0.0.1 dst=1.1.1.1' });
  });

  it('says why text is not CEF', () => {
    expect(splitCef('hello world')).toEqual({ error: expect.stringContaining('No "CEF:<version>|" header') });
    expect(splitCef('CEF:0|a|b|c')).toEqual({ error: 'The header has 4 of its 7 fields.' });
    expect(splitCef('LEEF:1.0|Palo Alto Networks|PAN-OS|8.1|allow|')).toHaveProperty('error');
    expect(splitCef('xCEF:0|v|p|1|2|n|3|')).toEqual({ error: expect.stringContaining('glued') });
    expect(splitCef(`${'x'.repeat(3000)} CEF:0|v|p|1|2|n|3|`)).toHaveProperty('error');
  });
});
