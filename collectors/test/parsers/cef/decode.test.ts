import { decodeCef } from '../../../src/parsers/cef';

describe('decodeCef', () => {
  it('gives the header, the extension pairs as sent and the prefix host', () => {
    expect(decodeCef('<14>Oct  2 10:06:18 PAN-FW01 CEF:0|Palo Alto Networks|PAN-OS|8.1.15-h3|end|TRAFFIC|1|rt=Oct 02 2022 17:06:18 GMT src=35.204.254.72 in=8697')).toEqual({
      ok: true,
      record: {
        header: { version: '0', deviceVendor: 'Palo Alto Networks', deviceProduct: 'PAN-OS', deviceVersion: '8.1.15-h3', deviceEventClassId: 'end', name: 'TRAFFIC', severity: '1' },
        extensions: [
          { key: 'rt', value: 'Oct 02 2022 17:06:18 GMT' },
          { key: 'src', value: '35.204.254.72' },
          { key: 'in', value: '8697' },
        ],
        host: 'PAN-FW01',
      },
    });
  });

  it('has no host without a prefix, and a reason for text that is not CEF', () => {
    const decoded = decodeCef('CEF:0|v|p|1|2|n|3|');
    expect(decoded.ok && decoded.record).toEqual({ header: expect.objectContaining({ name: 'n' }), extensions: [] });
    expect(decodeCef('not cef')).toEqual({ ok: false, reason: expect.any(String) });
  });
});
