import { attackFromTags } from '../../src/alerts';

describe('attackFromTags', () => {
  it('reads tactics and techniques (sub-techniques included) from the raw tags', () => {
    const attack = attackFromTags({
      all: ['attack.execution', 'attack.t1059.001', 'attack.defense_evasion', 'attack.T1027', 'attack.g0016', 'attack.s0002', 'cve.2021-44228', 'detection.threat-hunting'],
      tactics: [],
      techniques: [],
    });
    expect(attack).toEqual({ tactics: ['execution', 'defense-evasion'], techniques: ['T1059.001', 'T1027'] });
  });

  it('keeps the parser split and lists each once', () => {
    const attack = attackFromTags({ all: ['attack.execution', 'attack.t1059'], tactics: ['execution', 'Credential_Access'], techniques: ['T1059', 't1003.001'] });
    expect(attack).toEqual({ tactics: ['execution', 'credential-access'], techniques: ['T1059', 'T1003.001'] });
  });

  it('is empty for a rule without ATT&CK tags', () => {
    expect(attackFromTags({ all: ['car.2013-05-002'], tactics: [], techniques: [] })).toEqual({ tactics: [], techniques: [] });
  });
});
