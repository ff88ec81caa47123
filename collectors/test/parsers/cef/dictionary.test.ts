import { CUSTOM_SLOTS, shortKey } from '../../../src/parsers/cef/dictionary';

describe('shortKey', () => {
  it('names dictionary keys by their short name, whichever name was sent', () => {
    expect(shortKey('sourceAddress')).toBe('src');
    expect(shortKey('src')).toBe('src');
    expect(shortKey('deviceReceiptTime')).toBe('rt');
    expect(shortKey('receiptTime')).toBe('rt');
    expect(shortKey('transportProtocol')).toBe('proto');
    expect(shortKey('deviceCustomString5')).toBe('cs5');
    expect(shortKey('deviceCustomString5Label')).toBe('cs5Label');
    expect(shortKey('deviceCustomIPv6Address4Label')).toBe('c6a4Label');
  });

  it('leaves keys outside the dictionary as they are', () => {
    expect(shortKey('FTNTFGTlogid')).toBe('FTNTFGTlogid');
    expect(shortKey('requestClientApplication')).toBe('requestClientApplication');
    expect(shortKey('toString')).toBe('toString');
  });

  it('lists every custom slot of the dictionary', () => {
    expect(CUSTOM_SLOTS.map(([short]) => short)).toEqual(
      expect.arrayContaining(['cs1', 'cs6', 'cn1', 'cn3', 'cfp4', 'c6a1', 'c6a4', 'flexString2', 'flexNumber1', 'flexDate1', 'deviceCustomDate2']),
    );
  });
});
