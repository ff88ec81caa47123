import { defineOwn, setPath } from '../../../src/parsers/cef/ecs-doc';

describe('setPath', () => {
  it('creates nested objects and skips undefined values', () => {
    const doc: Record<string, unknown> = { source: { ip: '10.0.0.1' } };
    setPath(doc, 'source.nat.port', 80);
    setPath(doc, 'destination.ip', undefined);
    expect(doc).toEqual({ source: { ip: '10.0.0.1', nat: { port: 80 } } });
  });
});

describe('defineOwn', () => {
  it('stores keys named like Object.prototype members as data', () => {
    const target: Record<string, string> = {};
    defineOwn(target, '__proto__', 'x');
    defineOwn(target, 'constructor', 'y');
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(target))).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
  });
});
