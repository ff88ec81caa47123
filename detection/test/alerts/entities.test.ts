import { ALERT_CONTEXT_FIELDS, entitiesOf, plainGroupKey } from '../../src/alerts';
import type { RuleHit } from '../../src/engine/types';

const hit = (fields: Record<string, unknown>): RuleHit => ({ ruleId: 'r', eventId: 'e', timestamp: 0, fields });

describe('entitiesOf', () => {
  it('reads host, user, ip and SPIFFE id from the listed ECS fields, dotted or nested', () => {
    const entities = entitiesOf(
      hit({
        host: { name: 'web-01', hostname: 'web-01.gov.vn', ip: ['10.0.0.7', 'fe80::1'] },
        'user.name': 'alice',
        'winlog.event_data.TargetUserName': 'bob',
        'source.ip': '203.0.113.9',
        'destination.ip': '10.0.0.7',
        'observer.id': 'spiffe://halong.gov.vn/collector/hn-01/syslog-1',
        'tls.client.x509.alternative_names': ['spiffe://halong.gov.vn/device/hcm-02/cam-7', 'cam-7.local'],
      }),
    );
    expect(entities).toEqual({
      host: ['web-01', 'web-01.gov.vn'],
      user: ['alice', 'bob'],
      ip: ['203.0.113.9', '10.0.0.7', 'fe80::1'],
      spiffe_id: ['spiffe://halong.gov.vn/collector/hn-01/syslog-1', 'spiffe://halong.gov.vn/device/hcm-02/cam-7'],
    });
  });

  it('leaves out values that are not what they claim to be', () => {
    const entities = entitiesOf(
      hit({
        'user.name': '-',
        'winlog.event_data.SubjectUserName': 'WS-01$',
        'user.target.name': 'SYSTEM',
        'source.ip': 'not-an-ip',
        'client.ip': 42,
        'observer.id': 'collector-7',
      }),
    );
    expect(entities).toEqual({});
  });
});

describe('plainGroupKey', () => {
  it('uses the main entity, host first', () => {
    expect(plainGroupKey(hit({ 'host.name': 'web-01', 'user.name': 'alice' }))).toBe('host.name=web-01');
    expect(plainGroupKey(hit({ 'user.name': 'alice', 'source.ip': '10.0.0.1' }))).toBe('user.name=alice');
    expect(plainGroupKey(hit({ 'source.ip': '10.0.0.1' }))).toBe('source.ip=10.0.0.1');
    expect(plainGroupKey(hit({ message: 'x' }))).toBe('');
  });
});

describe('ALERT_CONTEXT_FIELDS', () => {
  it('names every field alerts read, so the runtime can copy them into hits', () => {
    expect(ALERT_CONTEXT_FIELDS).toEqual(expect.arrayContaining(['event.dataset', 'host.name', 'user.name', 'source.ip', 'observer.id']));
  });
});
