import { anchorGate, chooseAnchors } from '../../src/engine/anchors';
import { lowerText } from '../../src/engine/field-access';
import { random } from './random';

describe('chooseAnchors', () => {
  it("covers Mimikatz's keywords with three anchors", () => {
    const keywords = ['dumpcreds', 'mimikatz', '::aadcookie', '::detours', '::memssp', '::mflt', '::ncroutemon', '::ngcsign', '::printnightmare', '::skeleton', '::preshutdown', '::mstsc', '::multirdp', 'rpc::', 'token::', 'crypto::', 'dpapi::', 'sekurlsa::', 'kerberos::', 'lsadump::', 'privilege::', 'process::', 'vault::'];
    const anchors = chooseAnchors(keywords)!;
    expect(anchors).toEqual(['::', 'dumpcred', 'mimikatz']);
    for (const k of keywords) expect(anchors.some((a) => k.includes(a))).toBe(true);
  });

  it('prefers the anchor shared by most patterns, then the longest', () => {
    expect(chooseAnchors(['invoke-mimikatz', 'invoke-kerberoast', 'x'])).toEqual(['invoke-', 'x']);
  });

  it('never picks two letters, which nearly every text contains', () => {
    const anchors = chooseAnchors(['ab1', 'ab2', 'ab3', 'ab4'], 8)!;
    expect(anchors.every((a) => a !== 'ab')).toBe(true);
    expect(anchors).toHaveLength(4);
  });

  it('gives up when more anchors than allowed would be needed, or the set is large', () => {
    expect(chooseAnchors(['alpha', 'bravo', 'charlie', 'delta', 'echo'])).toBeUndefined();
    expect(chooseAnchors(Array.from({ length: 200 }, (_, i) => `::${i}`))).toBeUndefined();
    expect(chooseAnchors([])).toBeUndefined();
  });
});

describe('anchorGate', () => {
  it('matches every raw text whose lower-cased form holds an anchor (Kelvin sign and dotted İ included)', () => {
    const rnd = random(11);
    // Letters in both cases, the two non-ASCII code points that lower-case to ASCII, and separators.
    const alphabet = ['k', 'K', '\u212a', 'i', 'I', '\u0130', '\u0307', 'm', 'M', ':', '-', '.', 'x', 'σ', '\u0000'];
    const text = (n: number) => Array.from({ length: n }, () => rnd.pick(alphabet)).join('');
    let found = 0;
    for (let round = 0; round < 300; round += 1) {
      const anchors = Array.from({ length: rnd.int(1, 3) }, () => lowerText(text(rnd.int(1, 3))).split('').filter((c) => c > '\u0000' && c <= '\u007f').join('') || 'k');
      const gate = anchorGate(anchors)!;
      expect(gate).toBeDefined();
      for (let n = 0; n < 40; n += 1) {
        const t = text(rnd.int(0, 12));
        const holds = anchors.some((a) => lowerText(t).includes(a));
        if (holds) {
          found += 1;
          expect(gate.test(t)).toBe(true);
        }
      }
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('stays narrow: other texts do not match, regex characters are literal', () => {
    const gate = anchorGate(['::', 'mimikatz', 'a.b'])!;
    expect(gate.test('MimiKatz')).toBe(true);
    expect(gate.test('mimi\u212aatz')).toBe(true);
    expect(gate.test('x::y')).toBe(true);
    expect(gate.test('mimikat')).toBe(false);
    expect(gate.test('axb')).toBe(false);
    expect(anchorGate(['ki'])!.test('K\u0130')).toBe(true);
    expect(anchorGate(['ik'])!.test('\u0130k')).toBe(false);
  });

  it('is not built for anchors it cannot gate exactly', () => {
    expect(anchorGate(['σx'])).toBeUndefined();
    expect(anchorGate(['a\u0000b'])).toBeUndefined();
    expect(anchorGate([])).toBeUndefined();
  });
});
