import { extractIdentifiers, supiOfNullSchemeSuci } from '../../../src/parsers/open5gs/identifiers';

describe('extractIdentifiers', () => {
  it('reads the SMF PDU session line', () => {
    expect(extractIdentifiers('UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[]')).toEqual({
      supi: 'imsi-001010000000000',
      dnn: 'internet',
      ue: { ipv4: '10.45.0.2' },
    });
  });

  it('reads the session id from DNN:[name:psi] and from a [supi:psi] prefix', () => {
    expect(extractIdentifiers('Removed Session: UE IMSI:[imsi-001010000000000] DNN:[internet:1] IPv4:[10.45.0.2] IPv6:[2001:db8:cafe::2]')).toEqual({
      supi: 'imsi-001010000000000',
      dnn: 'internet',
      psi: 1,
      ue: { ipv4: '10.45.0.2', ipv6: '2001:db8:cafe::2' },
    });
    expect(extractIdentifiers('[imsi-001010000000000:1] Release SM context [204]')).toEqual({ supi: 'imsi-001010000000000', psi: 1 });
  });

  it('reads NGAP/S1AP ids, TAC, cell, S-NSSAI, F-SEID and PDN type', () => {
    expect(extractIdentifiers('RAN_UE_NGAP_ID[1] AMF_UE_NGAP_ID[2] TAC[2] CellID[0x10]')).toEqual({
      ngap: { ran_ue_id: 1, amf_ue_id: 2 },
      tac: 2,
      cell_id: '0x10',
    });
    expect(extractIdentifiers('ENB_UE_S1AP_ID[1] MME_UE_S1AP_ID[1] TAC[1] CellID[0xa]')).toMatchObject({ s1ap: { enb_ue_id: 1, mme_ue_id: 1 } });
    expect(extractIdentifiers('UE SUPI[imsi-001010000000000] DNN[internet] S_NSSAI[SST:1 SD:0xffffff] smContextRef [NULL]')).toMatchObject({
      s_nssai: { sst: 1, sd: '0xffffff' },
    });
    expect(extractIdentifiers('UE F-SEID[UP:0x1ea CP:0x758] APN[internet] PDN-Type[1] IPv4[10.45.0.2] IPv6[]')).toEqual({
      f_seid: { up: '0x1ea', cp: '0x758' },
      apn: 'internet',
      pdn_type: 1,
      ue: { ipv4: '10.45.0.2' },
    });
    expect(extractIdentifiers('UE F-SEID[CP:0x1,UP:0x1] APN[internet] PDN-Type[3]').f_seid).toEqual({ cp: '0x1', up: '0x1' });
  });

  it('reads SUCI, bare MME IMSIs and a SUPI anywhere in the text', () => {
    expect(extractIdentifiers('[suci-0-208-99-0000-0-0-0100001100] MAC failure')).toEqual({ suci: 'suci-0-208-99-0000-0-0-0100001100' });
    expect(extractIdentifiers('[286010000000001] Unknown UE by IMSI')).toEqual({ imsi: '286010000000001' });
    expect(extractIdentifiers('IMSI[286010000000001]')).toEqual({ imsi: '286010000000001' });
    expect(extractIdentifiers('Deregistration notify reason: imsi-001010000000001:REREGISTRATION_REQUIRED:3GPP_ACCESS')).toEqual({
      supi: 'imsi-001010000000001',
    });
  });

  it('ignores empty brackets, addresses that are not IPs and unknown labels', () => {
    expect(extractIdentifiers('[(null)] Deregistration request')).toEqual({});
    expect(extractIdentifiers('IPv4[not-an-ip] IPv6[] Heartbeat[10s]')).toEqual({});
    expect(extractIdentifiers('RAN_UE_NGAP_ID[x] TAC[0x1] S_NSSAI[] F-SEID[junk]')).toEqual({});
  });
});

describe('supiOfNullSchemeSuci', () => {
  it('recovers the IMSI of a null-scheme SUCI', () => {
    expect(supiOfNullSchemeSuci('suci-0-208-99-0000-0-0-0100001100')).toBe('imsi-208990100001100');
    expect(supiOfNullSchemeSuci('suci-0-001-01-0-0-0-0000000003')).toBe('imsi-001010000000003');
  });

  it('gives nothing for a concealed SUCI (profile A/B) or another layout', () => {
    expect(supiOfNullSchemeSuci('suci-0-001-01-0000-1-1-a1b2c3d4e5f6')).toBeUndefined();
    expect(supiOfNullSchemeSuci('suci-1-001-01')).toBeUndefined();
  });
});
