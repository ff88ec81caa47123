import { isWellFormedTag, splitTags } from '../../src/sigma/tags';

describe('splitTags', () => {
  it('extracts ATT&CK tactics and techniques and keeps every tag in all', () => {
    const tags = ['attack.defense-evasion', 'attack.t1211', 'attack.t1562.001', 'attack.g0016', 'attack.s0002', 'attack.ds0005', 'cve.2021-44228', 'detection.threat-hunting', 'car.2016-04-005'];
    expect(splitTags(tags)).toEqual({ all: tags, tactics: ['defense-evasion'], techniques: ['T1211', 'T1562.001'] });
  });

  it('recognises tactics added by later ATT&CK versions and de-duplicates', () => {
    expect(splitTags(['attack.stealth', 'attack.defense-impairment', 'attack.stealth', 'attack.T1059', 'attack.t1059'])).toEqual({
      all: ['attack.stealth', 'attack.defense-impairment', 'attack.stealth', 'attack.T1059', 'attack.t1059'],
      tactics: ['stealth', 'defense-impairment'],
      techniques: ['T1059'],
    });
  });

  it('ignores look-alikes', () => {
    expect(splitTags(['attack.t123', 'attack.t1234.1', 'mitre.execution', 'attack'])).toMatchObject({ tactics: [], techniques: [] });
  });
});

describe('isWellFormedTag', () => {
  it('follows the appendix syntax', () => {
    expect(isWellFormedTag('attack.t1059.001')).toBe(true);
    expect(isWellFormedTag('tlp.amber-strict')).toBe(true);
    expect(isWellFormedTag('stp.3k')).toBe(true);
    expect(isWellFormedTag('d3fend.d3f-WindowsNtOpenFile')).toBe(true);
    expect(isWellFormedTag('Attack.T1059')).toBe(false);
    expect(isWellFormedTag('attack')).toBe(false);
    expect(isWellFormedTag('attack.some tag')).toBe(false);
  });
});
