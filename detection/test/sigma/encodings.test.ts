import { base64, base64offset, utf16, utf16be, utf16le, windash, windashCount } from '../../src/sigma/encodings';
import type { StrValue } from '../../src/sigma/encodings';
import { parseSigmaString } from '../../src/sigma/sigma-string';
import { ANY, lit } from './helpers';

const v = (raw: string): StrValue => ({ parts: parseSigmaString(raw), binary: false, cased: false });
const texts = (values: StrValue[]): string[] => values.map((x) => x.parts.map((p) => (p.kind === 'literal' ? p.text : '*')).join(''));
const bytes = (x: StrValue): number[] => [...Buffer.from(x.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join(''), 'latin1')];

describe('base64 and base64offset (pySigma SigmaBase64Modifier / SigmaBase64OffsetModifier)', () => {
  it('encodes the whole value', () => {
    expect(texts([base64(v('foobar'))])).toEqual(['Zm9vYmFy']);
  });

  it('produces pySigma test_base64offset output for foobar', () => {
    expect(texts(base64offset(v('foobar')))).toEqual(['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX']);
  });

  it('trims by encoded byte length for every length modulo 3', () => {
    expect(texts(base64offset(v('/bin/bash')))).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
    expect(texts(base64offset(v('IEX')))).toEqual(['SUVY', 'lFW', 'JRV']);
    expect(texts(base64offset(v('ab')))).toEqual(['YW', 'Fi', 'hY']);
  });

  it('encodes non-ASCII text as UTF-8', () => {
    expect(texts([base64(v('é'))])).toEqual(['w6k=']);
  });
});

describe('utf16 encodings (appendix: cmd > 63 00 6d 00 64 00)', () => {
  it('utf16le interleaves zero bytes after each character', () => {
    expect(bytes(utf16le(v('cmd')))).toEqual([0x63, 0, 0x6d, 0, 0x64, 0]);
  });

  it('utf16be puts the zero byte first', () => {
    expect(bytes(utf16be(v('cmd')))).toEqual([0, 0x63, 0, 0x6d, 0, 0x64]);
  });

  it('utf16 prepends the FF FE byte order mark', () => {
    expect(bytes(utf16(v('cmd')))).toEqual([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]);
  });

  it('keeps wildcards around the encoded text (pySigma test_wide)', () => {
    expect(utf16le(v('*foobar*')).parts).toEqual([ANY, lit('f\0o\0o\0b\0a\0r\0'), ANY]);
  });

  it('feeds the encoded bytes to base64', () => {
    expect(texts([base64(utf16le(v('cmd')))])).toEqual(['YwBtAGQA']);
    expect(texts([base64(utf16(v('cmd')))])).toEqual(['//5jAG0AZAA=']);
    expect(texts([base64(utf16be(v('cmd')))])).toEqual(['AGMAbQBk']);
    expect(texts(base64offset(utf16le(v('cmd'))))).toEqual(['YwBtAGQA', 'MAbQBkA', 'jAG0AZA']);
  });
});

describe('windash (pySigma SigmaWindowsDashModifier)', () => {
  it('produces the five dash characters of the appendix for a dash that starts a word', () => {
    expect(texts(windash(v(' -param-name ')))).toEqual([' -param-name ', ' /param-name ', ' \u2013param-name ', ' \u2014param-name ', ' \u2015param-name ']);
  });

  it('expands a slash the same way', () => {
    expect(texts(windash(v('/c')))).toEqual(['-c', '/c', '\u2013c', '\u2014c', '\u2015c']);
  });

  it('leaves dashes inside words alone', () => {
    expect(texts(windash(v('a-b')))).toEqual(['a-b']);
    expect(texts(windash(v('x -')))).toEqual(['x -']);
  });

  it('combines several flags, the first varying slowest', () => {
    const out = texts(windash(v('-a -b')));
    expect(out).toHaveLength(25);
    expect(out.slice(0, 3)).toEqual(['-a -b', '-a /b', '-a \u2013b']);
    expect(out[5]).toBe('/a -b');
    expect(windashCount(v('-a -b -c'))).toBe(125);
  });

  it('treats a wildcard as a boundary, like pySigma does per string part', () => {
    expect(windash({ parts: [ANY, lit('-enc')], binary: false, cased: false }).map((x) => x.parts)).toContainEqual([ANY, lit('/enc')]);
  });
});
