import { BASE64_ORIGINAL_PREFIX, payloadOriginal } from '../../../src/inputs/mqtt';

describe('payloadOriginal', () => {
  it('keeps UTF-8 as it is, byte order mark included', () => {
    expect(payloadOriginal(Buffer.from('\uFEFFNhiệt độ 31,2 °C'), { binary: false })).toBe('\uFEFFNhiệt độ 31,2 °C');
  });

  it('gives base64 for binary payloads, bytes that are not UTF-8 and text that starts with the prefix', () => {
    expect(payloadOriginal(Buffer.from('OK'), { binary: true })).toBe(`${BASE64_ORIGINAL_PREFIX}T0s=`);
    expect(payloadOriginal(Buffer.from([0xc3, 0x28]), { binary: false })).toBe(`${BASE64_ORIGINAL_PREFIX}wyg=`);
    expect(payloadOriginal(Buffer.from('base64:T0s='), { binary: false })).toBe(`${BASE64_ORIGINAL_PREFIX}YmFzZTY0OlQwcz0=`);
  });

  it('leaves out a character a cut split, for a head only', () => {
    const head = Buffer.from('ạạ').subarray(0, 4);
    expect(payloadOriginal(head, { binary: false, partial: true })).toBe('ạ');
    expect(payloadOriginal(head, { binary: false })).toBe(`${BASE64_ORIGINAL_PREFIX}${head.toString('base64')}`);
  });

  it('reads a view into a larger buffer without its neighbours', () => {
    const whole = Buffer.from([0xff, 0x01, 0x02, 0xff]);
    expect(payloadOriginal(whole.subarray(1, 3), { binary: true })).toBe(`${BASE64_ORIGINAL_PREFIX}AQI=`);
  });
});
