import { parseExtension, unescapeValue } from '../../../src/parsers/cef/extension';
import { repeats } from '../support/large-values';
import { referenceExtension } from './support/extension-reference';

// Reads per character of the text that the loops of parseExtension stay within (3.5 at most today).
const READS_PER_CHAR = 8;

/**
 * How many characters parseExtension read with charCodeAt, stopping it once past
 * READS_PER_CHAR × the text's length: a quadratic walk then ends at once, not after minutes.
 */
function charReads(text: string): number {
  const charCodeAt = String.prototype.charCodeAt;
  const budget = READS_PER_CHAR * text.length;
  let reads = 0;
  String.prototype.charCodeAt = function (this: string, index: number): number {
    reads += 1;
    if (reads > budget) throw new RangeError('over the read budget');
    return charCodeAt.call(this, index);
  };
  try {
    parseExtension(text);
  } catch (error) {
    if (reads <= budget) throw error;
  } finally {
    String.prototype.charCodeAt = charCodeAt;
  }
  return reads;
}

function pairs(text: string): Record<string, string> {
  return Object.fromEntries(parseExtension(text).map((p) => [p.key, p.value]));
}

describe('parseExtension', () => {
  it('reads the spec examples: unescaped pipes, \\\\ and \\= in values', () => {
    expect(pairs('src=10.0.0.1 act=blocked a | dst=1.1.1.1')).toEqual({ src: '10.0.0.1', act: 'blocked a |', dst: '1.1.1.1' });
    expect(pairs('src=10.0.0.1 act=blocked a \\\\ dst=1.1.1.1')).toEqual({ src: '10.0.0.1', act: 'blocked a \\', dst: '1.1.1.1' });
    expect(pairs('src=10.0.0.1 act=blocked a \\= dst=1.1.1.1')).toEqual({ src: '10.0.0.1', act: 'blocked a =', dst: '1.1.1.1' });
    expect(pairs('src=10.0.0.1 msg=Detected a threat.\\n No action needed.')).toEqual({ src: '10.0.0.1', msg: 'Detected a threat.\n No action needed.' });
  });

  it('keeps unescaped = inside values (URLs), as devices emit them', () => {
    expect(pairs('request=http://x.example/login_post.html?abc=def&g=h msg=Disallow Illegal URL.')).toEqual({
      request: 'http://x.example/login_post.html?abc=def&g=h',
      msg: 'Disallow Illegal URL.',
    });
    expect(pairs('request=http://x.example/a?abc\\=def cn1=465').request).toBe('http://x.example/a?abc=def');
  });

  it('reads empty values and trims blanks around values', () => {
    expect(pairs('cs3Label=Virtual System cs3= fname= msg= Failed password')).toEqual({ cs3Label: 'Virtual System', cs3: '', fname: '', msg: 'Failed password' });
    expect(pairs(' message=padded   dst=192.168.1.2\tsrc=192.168.3.4     ')).toEqual({ message: 'padded', dst: '192.168.1.2', src: '192.168.3.4' });
  });

  it('keeps pairs in order with repeated keys, for the mapping to take the last', () => {
    expect(parseExtension('a=1 a=2')).toEqual([
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
    ]);
  });

  it('accepts vendor keys with dots, brackets, commas and dashes; other text stays in the value', () => {
    expect(pairs('ad.field[0]=field0 ad.Error_,Code=3221225578 x-y=1')).toEqual({ 'ad.field[0]': 'field0', 'ad.Error_,Code': '3221225578', 'x-y': '1' });
    expect(pairs('app=ssl pattern:test=test')).toEqual({ app: 'ssl pattern:test=test' });
    expect(pairs('msg=a /b=c')).toEqual({ msg: 'a /b=c' });
  });

  it('drops text before the first key and returns nothing when there is no key', () => {
    expect(pairs('10|src=10.0.0.1 act=blocked')).toEqual({ act: 'blocked' });
    expect(parseExtension('')).toEqual([]);
    expect(parseExtension('no pairs here')).toEqual([]);
    expect(parseExtension('=x')).toEqual([]);
  });

  // 10 MB, as the tests of parseCef: values of one long blank run, or of many blanks and `=`,
  // each a candidate boundary. Their speed is measured by `npm run bench -w collectors` (section
  // hostile).
  it('reads 10 MB extensions of every shape whole', () => {
    const mb10 = 10 * 1024 * 1024;
    const only = (text: string): string => {
      const read = parseExtension(text);
      expect(read.map((p) => p.key)).toEqual(['msg']);
      return read[0]!.value;
    };
    expect(repeats(`${only(`msg=${'a '.repeat(mb10 / 2)}`)} `, 'a ')).toBe(mb10 / 2);
    expect(only(`msg=${' '.repeat(mb10)}x`)).toBe('x');
    expect(repeats(only(`msg=${'a'.repeat(mb10)}`), 'a')).toBe(mb10);
    expect(repeats(` ${only(`msg=${' abc'.repeat(mb10 / 4)}`)}`, ' abc')).toBe(mb10 / 4);
    expect(repeats(only(`msg=${'\\='.repeat(mb10 / 2)}`), '=')).toBe(mb10 / 2);
    const many = parseExtension('k=v '.repeat(mb10 / 4));
    expect(many).toHaveLength(mb10 / 4);
    expect(many.filter((p) => p.key !== 'k' || p.value !== 'v')).toEqual([]);
  }, 120_000);

  // The character loops read through charCodeAt, and the boundary search is native indexOf from
  // the last boundary on. A bound on reads per character that holds at 4 KB and at 64 KB alike
  // proves those loops linear, where a loop walking back over text it already passed (quadratic)
  // would read thousands of times per character, on any machine.
  it.each<[string, (size: number) => string]>([
    ['a value of words', (size) => `msg=${'a '.repeat(size / 2)}`],
    ['many short pairs', (size) => 'k=v '.repeat(size / 4)],
    ['a value of blanks', (size) => `msg=${' '.repeat(size)}x`],
    ['a value of escaped =', (size) => `msg=${'\\='.repeat(size / 2)}`],
    ['= signs after key-like words', (size) => `msg=${' a.b'.repeat(size / 8)}${'a.b='.repeat(size / 8)}`],
    ['text with no key at all', (size) => ' a'.repeat(size / 2)],
  ])('reads each character a bounded number of times: %s', (_name, make) => {
    for (const size of [4 * 1024, 64 * 1024]) {
      const text = make(size);
      expect(charReads(text)).toBeLessThanOrEqual(READS_PER_CHAR * text.length);
    }
  });
});

describe('parseExtension against the character-loop reader it replaced', () => {
  it('reads the same pairs from 20,000 random extensions', () => {
    // mulberry32: a small seeded generator whose low bits are usable.
    let seed = 3514;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    // Keys valid and not (leading '.', '-'), values with blanks, '=', escapes and URLs, and
    // separators of one or more blanks or tabs, or none.
    const keys = ['src', 'cs1Label', 'ad.field[0]', 'ad.Error_,Code', '.dot', '-dash', '_u', '9x', 'é'];
    const values = ['', '1', 'a b', 'x=y', 'http://h/p?a=b&c=d', 'C:\\Windows\\x', 'a\\=b', ' lead', 'trail ', '=', 'k=v', '\t', '|'];
    const separators = [' ', ' ', '  ', '\t', ' \t ', ''];
    let multi = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = random(5) === 0 ? 'junk ' : '';
      const count = 1 + random(5);
      for (let j = 0; j < count; j++) text += `${j > 0 ? separators[random(separators.length)] : ''}${keys[random(keys.length)]}=${values[random(values.length)]}`;
      const expected = referenceExtension(text);
      if (expected.length > 1) multi++;
      expect([text, parseExtension(text)]).toEqual([text, expected]);
    }
    expect(multi).toBeGreaterThan(5_000);
  });
});

describe('unescapeValue', () => {
  it('decodes \\\\, \\=, \\n and \\r, and keeps any other backslash (Windows paths sent unescaped)', () => {
    expect(unescapeValue('C:\\\\Users\\\\trend')).toBe('C:\\Users\\trend');
    expect(unescapeValue('NTAUTHORITY\\SYSTEM')).toBe('NTAUTHORITY\\SYSTEM');
    expect(unescapeValue('a\\rb\\nc\\=d')).toBe('a\rb\nc=d');
    expect(unescapeValue('Queued,,,,\\\\n')).toBe('Queued,,,,\\n');
    expect(unescapeValue('trailing\\')).toBe('trailing\\');
  });
});
