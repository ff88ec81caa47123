import { classify, httpErrorStatus } from '../../../src/parsers/open5gs/classify';

describe('classify', () => {
  it.each([
    ['Registration request', 'INFO', { action: 'registration', type: ['start'], outcome: 'unknown' }],
    ['[imsi-001010000000000] Registration complete', 'INFO', { action: 'registration', type: ['allowed'], outcome: 'success' }],
    ['[suci-0-001-01-0-0-0-0000000003] Registration reject [9]', 'WARNING', { action: 'registration', type: ['denied'], outcome: 'failure', cause: 9 }],
    ['[] Attach request', 'WARNING', { action: 'registration', category: ['network'] }],
    ['[imsi-001010000000000] Registration complete in INVALID-STATE', 'ERROR', { action: 'registration', outcome: 'failure' }],
  ] as const)('recognises %j as a registration', (content, level, expected) => {
    expect(classify(content, level)).toMatchObject(expected);
  });

  it.each([
    ['[suci-0-208-99-0000-0-0-0100001100] MAC failure', 'mac_failure'],
    ['Authentication failure(MAC failure)', 'mac_failure'],
    ['Authentication failure(Synch failure)', 'synch_failure'],
    ['[001010000000001] Authentication failure(Synch failure[count=1])', 'synch_failure'],
    ['Authentication failure(Non-5GS authentication unacceptable)', 'non_5gs_authentication_unacceptable'],
    ['Authentication failure(ngKSI already in use)', 'ngksi_already_in_use'],
    ['[001010000000001] Too many authentication synch failures, sending AUTHENTICATION REJECT', 'synch_failure'],
    ['[suci-0-208-99-0000-0-0-0100001100] Authentication reject', 'rejected'],
  ])('recognises %j as an authentication failure (%s)', (content, why) => {
    expect(classify(content, 'WARNING')).toMatchObject({ action: 'authentication_failure', category: ['authentication'], outcome: 'failure', authFailure: why });
  });

  it('keeps the cause of an unknown GMM cause', () => {
    expect(classify('Unknown GMM_CAUSE{111] in Authentication failure', 'ERROR')).toMatchObject({ authFailure: 'unknown_cause', cause: 111 });
  });

  it.each([
    ['UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[]', 'pdu_session_establishment', 'success'],
    ['UE IMSI[001010000000001] APN[internet] IPv4[10.45.0.2] IPv6[]', 'pdu_session_establishment', 'success'],
    ['UE F-SEID[UP:0x1ea CP:0x758] APN[internet] PDN-Type[1] IPv4[10.45.0.2] IPv6[]', 'pdu_session_establishment', 'success'],
    ['UE SUPI[imsi-001010000000000] DNN[internet] S_NSSAI[SST:1 SD:0xffffff] smContextRef [NULL]', 'pdu_session_establishment', 'unknown'],
    ['Removed Session: UE IMSI:[imsi-001010000000000] DNN:[internet:1] IPv4:[10.45.0.2] IPv6:[]', 'pdu_session_release', 'success'],
    ['[imsi-001010000000000:1] Release SM context [204]', 'pdu_session_release', 'unknown'],
    ['[imsi-001010000000000] Deregistration request', 'deregistration', 'unknown'],
    ['[imsi-001010000000000] Deregistration accept', 'deregistration', 'success'],
    ['[imsi-001010000000000] Do Network-initiated De-register UE', 'deregistration', 'unknown'],
    ['InitialUEMessage', 'initial_ue_message', 'unknown'],
    ['UE Context Release [Action:3]', 'ue_context_release', 'unknown'],
    ['NAS MAC verification failed(0xc7811689 != 0x8791a5a)', 'integrity_failure', 'failure'],
  ])('recognises %j', (content, action, outcome) => {
    expect(classify(content, 'INFO')).toMatchObject({ action, outcome });
  });

  it('reads counters, with sessions in the session category', () => {
    expect(classify('[Added] Number of AMF-UEs is now 2', 'INFO')).toEqual({
      action: 'context_added',
      category: ['network'],
      type: ['info'],
      outcome: 'success',
      counter: { name: 'amf_ues', value: 2 },
    });
    expect(classify('[Removed] Number of SMF-Sessions is now 0', 'INFO')).toMatchObject({
      action: 'context_removed',
      category: ['network', 'session'],
      counter: { name: 'smf_sessions', value: 0 },
    });
  });

  it('leaves other lines unclassified', () => {
    expect(classify('[UDM] (NF-discover) NF Profile updated [5140b028-eb64-41ee-96db-57a830a03f36:1]', 'INFO')).toBeUndefined();
    expect(classify('gtp_connect() [192.168.0.115]:2152', 'INFO')).toBeUndefined();
  });
});

describe('httpErrorStatus', () => {
  it('reads the status of an SBI error', () => {
    expect(httpErrorStatus('[suci-0-001-01-0-0-0-0000000003] HTTP response error [500]')).toBe(500);
    expect(httpErrorStatus('Registration reject [9]')).toBeUndefined();
  });
});
