import { chooseAnchors } from '../../src/engine/anchors';

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
