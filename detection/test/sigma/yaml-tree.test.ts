import { deepMerge, readYamlDocuments, toPlain } from '../../src/sigma/yaml-tree';
import type { YMap, YScalar } from '../../src/sigma/yaml-tree';

const map = (text: string): YMap => {
  const root = readYamlDocuments(text)[0]?.root;
  if (root?.kind !== 'map') throw new Error('expected a map');
  return root;
};

describe('readYamlDocuments', () => {
  it('keeps lines and columns of keys and values', () => {
    const m = map('a: 1\nb:\n  c: "x"\n');
    expect(m.entries.map((e) => [e.key, e.keyLoc])).toEqual([
      ['a', { line: 1, column: 1 }],
      ['b', { line: 2, column: 1 }],
    ]);
    const c = (m.entries[1]?.value as YMap).entries[0]?.value as YScalar;
    expect(c).toEqual({ kind: 'scalar', value: 'x', text: 'x', loc: { line: 3, column: 6 }, valueColumn: 7 });
  });

  it('keeps how a number was written and reads YAML 1.2 core types', () => {
    const m = map('f: 1.0\nh: 0x10\nyes: yes\nn: ~\nd: 2024-01-02\n');
    expect(m.entries.map((e) => [(e.value as YScalar).value, (e.value as YScalar).text])).toEqual([
      [1, '1.0'],
      [16, '0x10'],
      ['yes', 'yes'],
      [null, ''],
      ['2024-01-02', '2024-01-02'],
    ]);
  });

  it('has no exact value column for escaped or multi-line scalars', () => {
    const m = map('a: "x\\ty"\nb: |\n  z\n');
    expect(m.entries.map((e) => (e.value as YScalar).valueColumn)).toEqual([undefined, undefined]);
  });

  it('resolves aliases', () => {
    expect(toPlain(map('a: &x [1, 2]\nb: *x\n'))).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('splits documents and positions syntax errors', () => {
    const docs = readYamlDocuments('a: 1\n---\nb: [\n');
    expect(docs).toHaveLength(2);
    expect(docs[0]?.issues).toEqual([]);
    expect(docs[1]?.issues[0]).toMatchObject({ severity: 'error', loc: { line: 4 } });
  });
});

describe('deepMerge', () => {
  it('merges maps key by key, the source winning on other values, without changing its inputs', () => {
    const dest = map('a: 1\nm:\n  x: 1\n  y: 2\nl: [1]\n');
    const src = map('a: 2\nm:\n  y: 3\nl: [2]\nn: new\n');
    expect(toPlain(deepMerge(dest, src))).toEqual({ a: 2, m: { x: 1, y: 3 }, l: [2], n: 'new' });
    expect(toPlain(dest)).toEqual({ a: 1, m: { x: 1, y: 2 }, l: [1] });
  });
});
