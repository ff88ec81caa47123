import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PII_KINDS, PII_TOKEN, compilePattern, normalise } from '../../src/pii/patterns';
import type { PiiKind } from '../../src/pii/patterns';

interface Found {
  text: string;
  kind: PiiKind;
  value: string;
  normalised: string;
}
const FIXTURE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'identifiers.json'), 'utf8')) as { found: Found[]; notFound: string[] };

function matches(text: string, kinds: readonly PiiKind[] = PII_KINDS): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  for (const m of text.matchAll(compilePattern(new Set(kinds)))) {
    const kind = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0];
    out.push({ kind: kind ?? '?', value: m[0] });
  }
  return out;
}

describe('compilePattern', () => {
  it.each(FIXTURE.found.map((f) => [f.text, f] as const))('finds the identifier in %j', (_text, f) => {
    expect(matches(f.text)).toEqual([{ kind: f.kind, value: f.value }]);
    expect(normalise(f.kind, f.value)).toBe(f.normalised);
  });

  it.each(FIXTURE.notFound)('finds nothing in %j', (text) => {
    expect(matches(text)).toEqual([]);
  });

  it('matches an existing token whole, as a token', () => {
    expect(matches('user pii:cmnd:123456789abcdef0 and pii:supi:0123456789012345')).toEqual([
      { kind: 'token', value: 'pii:cmnd:123456789abcdef0' },
      { kind: 'token', value: 'pii:supi:0123456789012345' },
    ]);
    expect(PII_TOKEN.test('pii:phone_vn:a757bd25b013a458')).toBe(true);
  });

  it('looks only for the kinds asked', () => {
    expect(matches('CMND 123456789, SĐT 0912345678', ['phone_vn'])).toEqual([{ kind: 'phone_vn', value: '0912345678' }]);
  });

  it('is linear on long runs of digits and separators', () => {
    const hostile = `${'0 9 1 2 3 4 5 6 '.repeat(20_000)}x ${'1'.repeat(200_000)} ${'suci-0-001-01-0-0-0-'.repeat(5_000)}`;
    const started = Date.now();
    matches(hostile);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
