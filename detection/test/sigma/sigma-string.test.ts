import { insertPlaceholders, parseSigmaString, renderPattern } from '../../src/sigma/sigma-string';
import { ANY, lit, ONE } from './helpers';

describe('parseSigmaString (specification "Escape Character")', () => {
  it('turns * and ? into wildcards', () => {
    expect(parseSigmaString('prog?.exe')).toEqual([lit('prog'), ONE, lit('.exe')]);
    expect(parseSigmaString('antivirus_V*.exe')).toEqual([lit('antivirus_V'), ANY, lit('.exe')]);
  });

  it('keeps a plain backslash not followed by a wildcard, written once or twice', () => {
    expect(parseSigmaString('C:\\Windows\\System32')).toEqual([lit('C:\\Windows\\System32')]);
    expect(parseSigmaString('C:\\\\Windows')).toEqual([lit('C:\\Windows')]);
  });

  it('reads \\* and \\? as plain characters', () => {
    expect(parseSigmaString('a\\*b\\?')).toEqual([lit('a*b?')]);
  });

  it('reads \\\\* as a backslash followed by a wildcard', () => {
    expect(parseSigmaString('a\\\\*')).toEqual([lit('a\\'), ANY]);
  });

  it('reads \\\\\\* as a plain backslash and a plain star', () => {
    expect(parseSigmaString('a\\\\\\*')).toEqual([lit('a\\*')]);
  });

  it('reads three or four backslashes as two', () => {
    expect(parseSigmaString('x\\\\\\y')).toEqual([lit('x\\\\y')]);
    expect(parseSigmaString('x\\\\\\\\y')).toEqual([lit('x\\\\y')]);
  });

  it('keeps a trailing backslash', () => {
    expect(parseSigmaString('dir\\')).toEqual([lit('dir\\')]);
  });

  it('gives an empty pattern for the empty string', () => {
    expect(parseSigmaString('')).toEqual([]);
  });

  it('renders back to Sigma syntax', () => {
    expect(renderPattern(parseSigmaString('a\\*b*c?'))).toBe('a\\*b*c?');
  });
});

describe('insertPlaceholders (expand modifier)', () => {
  it('replaces %name% with a placeholder part', () => {
    expect(insertPlaceholders(parseSigmaString('test%var%test'))).toEqual([lit('test'), { kind: 'placeholder', name: 'var' }, lit('test')]);
  });

  it('keeps \\% as a plain percent (spec example \\%plain%name%)', () => {
    expect(insertPlaceholders(parseSigmaString('\\%plain%name%'))).toEqual([lit('%plain'), { kind: 'placeholder', name: 'name' }]);
  });

  it('does not form a placeholder across a wildcard', () => {
    expect(insertPlaceholders(parseSigmaString('%a*b%'))).toEqual([lit('%a'), ANY, lit('b%')]);
  });
});
