import { decodeUtf8, utf8CharBoundary } from '../../../src/parsers/syslog/utf8';

describe('UTF-8 of framed messages', () => {
  it('decodes valid text and flags invalid bytes, replaced by U+FFFD', () => {
    expect(decodeUtf8(Buffer.from('ünïcode €😀'))).toEqual({ text: 'ünïcode €😀', invalidUtf8: false });
    expect(decodeUtf8(Buffer.from([0x61, 0xff, 0x62, 0xc3]))).toEqual({ text: 'a\ufffdb\ufffd', invalidUtf8: true });
    // A U+FFFD the sender really sent is not an error.
    expect(decodeUtf8(Buffer.from('\ufffd'))).toEqual({ text: '\ufffd', invalidUtf8: false });
  });

  it('backs a cut off to the start of a character it would split', () => {
    const bytes = Buffer.from('a€😀'); // 1 + 3 + 4 bytes
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => utf8CharBoundary(bytes.subarray(0, n)))).toEqual([1, 1, 1, 4, 4, 4, 4, 8]);
    expect(utf8CharBoundary(Buffer.alloc(0))).toBe(0);
  });

  it('leaves invalid bytes where they are (they are reported, not hidden)', () => {
    expect(utf8CharBoundary(Buffer.from([0x61, 0x80, 0x80, 0x80, 0x80]))).toBe(5);
    expect(utf8CharBoundary(Buffer.from([0x61, 0xff]))).toBe(2);
  });
});
