import { PkiError } from '../../src/pki/errors';
import { normalizeSerialNumber, randomSerialNumber } from '../../src/pki/serial-number';

describe('randomSerialNumber', () => {
  it('gives 16 bytes of hex with a positive, minimally encoded first byte', () => {
    for (let i = 0; i < 500; i += 1) {
      const serial = randomSerialNumber();
      expect(serial).toMatch(/^[0-9a-f]{32}$/);
      const first = Number.parseInt(serial.slice(0, 2), 16);
      expect(first).toBeGreaterThanOrEqual(1);
      expect(first).toBeLessThanOrEqual(0x7f);
      expect(normalizeSerialNumber(serial)).toBe(serial);
    }
  });

  it('does not repeat', () => {
    const serials = new Set(Array.from({ length: 2000 }, () => randomSerialNumber()));
    expect(serials.size).toBe(2000);
  });
});

describe('normalizeSerialNumber', () => {
  it.each([
    ['0A1B', '0a1b'],
    ['a1b', '0a1b'],
    ['00A1B2', 'a1b2'],
    ['0x00ff', 'ff'],
    ['0a:1b:2c', '0a1b2c'],
    ['  7F  ', '7f'],
    ['00', '00'],
    ['0000', '00'],
  ])('%j → %j', (input, canonical) => {
    expect(normalizeSerialNumber(input)).toBe(canonical);
  });

  it.each(['', 'xyz', '12-34', '0x'])('refuses %j with HALONG_PKI_INVALID_SERIAL', (bad) => {
    expect(() => normalizeSerialNumber(bad)).toThrow(PkiError);
    expect(() => normalizeSerialNumber(bad)).toThrow(expect.objectContaining({ code: 'HALONG_PKI_INVALID_SERIAL' }));
  });
});
