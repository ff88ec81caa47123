import { runInNewContext } from 'node:vm';
import { canonicalJson } from '../../src/audit/canonical-json';
import { AuditError } from '../../src/audit/errors';

function expectRefused(value: unknown, path: RegExp): void {
  let caught: unknown;
  try {
    canonicalJson(value);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AuditError);
  expect((caught as AuditError).code).toBe('HALONG_AUDIT_NOT_CANONICAL');
  expect((caught as AuditError).message).toMatch(path);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, '@timestamp': 't' };
    expect(canonicalJson(value)).toBe('{"@timestamp":"t","a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text whatever the insertion order of keys', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"Z":3,"z":2,"é":1}');
  });

  it('omits undefined properties and writes undefined array members as null, like JSON.parse will read them back', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('reads back to the same text (a round trip through Kafka cannot change the hash)', () => {
    const value = { when: new Date('2026-11-23T08:00:00Z'), list: [1.5, -0, 1e21, 'ü\n"'], nested: { gone: undefined, kept: false } };
    const text = canonicalJson(value);
    expect(text).toBe('{"list":[1.5,0,1e+21,"ü\\n\\""],"nested":{"kept":false},"when":"2026-11-23T08:00:00.000Z"}');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it('accepts plain objects and arrays from another realm (vm context, worker message)', () => {
    expect(canonicalJson(runInNewContext('({ b: [1, { d: 1, c: 2 }], a: null })'))).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it('refuses non-finite numbers, naming where they are', () => {
    expectRefused({ after: { score: Number.NaN } }, /\$\.after\.score: NaN/);
    expectRefused([1, Infinity], /\$\[1\]: Infinity/);
    expectRefused(-Infinity, /^\$: -Infinity/);
  });

  it('refuses values JSON cannot carry: bigint, function, symbol, undefined at the top', () => {
    expectRefused({ n: 10n }, /\$\.n: a bigint/);
    expectRefused({ f: () => 1 }, /\$\.f: a function/);
    expectRefused({ s: Symbol('x') }, /\$\.s: a symbol/);
    expectRefused(undefined, /undefined has no JSON form/);
  });

  it('refuses cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expectRefused(a, /\$\.self: the value refers to itself/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });

  it('refuses Maps, Sets and class instances that would silently become {}', () => {
    expectRefused({ m: new Map([['a', 1]]) }, /\$\.m: a Map is not plain data/);
    expectRefused(new Set([1]), /a Set is not plain data/);
    class Policy {
      constructor(readonly id: string) {}
    }
    expectRefused({ p: new Policy('x') }, /a Policy is not plain data/);
  });
});
