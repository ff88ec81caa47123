import { buildEvent } from '../../../src/parsers/syslog/build-event';
import { decodePriority } from '../../../src/parsers/syslog/priority';
import type { SyslogRecord } from '../../../src/parsers/syslog/syslog-record';
import { RECEIVED_AT, source } from './support/fixtures';

const priority = decodePriority(86)!;

describe('syslog record → ECS', () => {
  it('maps every header field to log.syslog.*, host.*, process.* and event.*', () => {
    const record: SyslogRecord = {
      priority,
      version: 1,
      time: { epoch: Date.parse('2026-11-24T01:15:02.123Z') },
      hostname: 'web01',
      appname: 'sshd',
      procid: '2211',
      msgid: 'ID47',
      structuredData: { meta: { sequenceId: '1' } },
      message: 'Failed password for root',
    };
    expect(buildEvent(record, source(), { hostOsType: 'linux' })).toEqual({
      '@timestamp': '2026-11-24T01:15:02.123Z',
      event: { kind: 'event', module: 'syslog', dataset: 'syslog', severity: 6 },
      log: {
        syslog: {
          priority: 86,
          facility: { code: 10, name: 'authpriv' },
          severity: { code: 6, name: 'info' },
          hostname: 'web01',
          appname: 'sshd',
          procid: '2211',
          msgid: 'ID47',
          version: '1',
          structured_data: { meta: { sequenceId: '1' } },
        },
        level: 'info',
      },
      message: 'Failed password for root',
      host: { name: 'web01', hostname: 'web01', os: { type: 'linux' } },
      process: { name: 'sshd', pid: 2211 },
    });
  });

  it('uses the receive time when the message has none, and records the zone of zone-less times', () => {
    expect(buildEvent({ priority }, source())['@timestamp']).toBe(new Date(RECEIVED_AT).toISOString());
    expect(buildEvent({ priority, time: { epoch: 0, timezone: 'Asia/Ho_Chi_Minh' } }, source()).event.timezone).toBe('Asia/Ho_Chi_Minh');
  });

  it('omits what the message lacks: no host, no process, no empty message, no os type unless asked', () => {
    const event = buildEvent({ priority, message: '' }, source());
    expect(event).not.toHaveProperty('host');
    expect(event).not.toHaveProperty('process');
    expect(event).not.toHaveProperty('message');
    expect(buildEvent({ priority, procid: 'worker-3', appname: 'app' }, source()).process).toEqual({ name: 'app' });
  });

  it('keeps the sender address the input knew', () => {
    expect(buildEvent({ priority }, source('UTC', { address: '192.0.2.7:51514' })).log).toMatchObject({ source: { address: '192.0.2.7:51514' } });
  });

  it('lets a vendor format set dataset, observer, time, hostname, severity and its fields, but not host.os.type', () => {
    const event = buildEvent(
      {
        priority,
        time: { epoch: 1 },
        message: 'raw',
        vendor: { dataset: 'cisco.asa', vendor: 'Cisco', product: 'ASA', message: 'Built', time: { epoch: 2 }, hostname: 'fw', severity: 4, level: 'warning', code: '302013', action: 'deny', fields: { cisco: { asa: { message_id: '302013' } } } },
      },
      source(),
      { hostOsType: 'linux' },
    );
    expect(event).toMatchObject({
      '@timestamp': '1970-01-01T00:00:00.002Z',
      event: { dataset: 'cisco.asa', module: 'syslog', severity: 4, code: '302013', action: 'deny' },
      log: { level: 'warning', syslog: { severity: { code: 6 } } },
      message: 'Built',
      host: { name: 'fw', hostname: 'fw' },
      observer: { vendor: 'Cisco', product: 'ASA' },
      cisco: { asa: { message_id: '302013' } },
    });
    expect(event.host).not.toHaveProperty('os');
  });
});
