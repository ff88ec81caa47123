import { ciscoEvent, readCiscoHeader } from '../../../src/parsers/syslog/cisco';
import { fixtureLines, RECEIVED_AT, source } from './support/fixtures';

const afterPri = (line: string) => (line.startsWith('<') ? line.indexOf('>') + 1 : 0);
const header = (line: string) => readCiscoHeader(line, afterPri(line));

describe('Cisco IOS and ASA headers', () => {
  const [asaFull, asaBare, asaNoHost, asaRfc5424, iosUnsynced, iosOrigin, iosDot] = fixtureLines('cisco.txt');

  it('reads an ASA timestamp with a year, the device id and the message id', () => {
    expect(header(asaFull!)).toMatchObject({ facility: 'ASA', severity: 6, mnemonic: '302013', origin: 'FW-EDGE-01', unsynchronized: false, timestamp: { text: 'Jan 05 2026 14:23:45' } });
    expect(header(asaFull!)?.text).toMatch(/^Built inbound TCP connection 447236 for outside/);
  });

  it('reads ASA messages without a header, without a device id, and with an RFC 5424 timestamp', () => {
    expect(header(asaBare!)).toEqual({ facility: 'ASA', severity: 6, mnemonic: '302014', unsynchronized: false, text: expect.stringMatching(/^Teardown TCP connection/) });
    expect(header(asaNoHost!)).toMatchObject({ mnemonic: '106023', timestamp: { text: 'Jan 05 2026 14:23:46' } });
    expect(header(asaNoHost!)).not.toHaveProperty('origin');
    expect(header(asaRfc5424!)).toMatchObject({ mnemonic: '605005', origin: 'FW-EDGE-01', timestamp: { zone: 'UTC' } });
  });

  it('reads IOS sequence numbers, origin ids, zones and the clock markers', () => {
    expect(header(iosUnsynced!)).toMatchObject({ sequence: 2345, facility: 'SYS', severity: 5, mnemonic: 'CONFIG_I', unsynchronized: true, text: 'Configured from console by vty0 (10.0.0.1)' });
    expect(header(iosOrigin!)).toMatchObject({ sequence: 1038, origin: 'core-sw1', zone: 'UTC', facility: 'LINK', mnemonic: 'UPDOWN' });
    expect(header(iosDot!)).toMatchObject({ sequence: 77, unsynchronized: false, mnemonic: 'IPACCESSLOGP' });
    expect(header('<189>9: %PKT_INFRA-LINK-3-UPDOWN: Interface down')).toMatchObject({ facility: 'PKT_INFRA-LINK', severity: 3, mnemonic: 'UPDOWN' });
  });

  it('is not fooled by ordinary syslog or near misses', () => {
    expect(header('<13>Nov 24 01:18:55 vm sshd[1]: %ASA-6-1: x')).toBeUndefined();
    expect(header('<13>sshd[1]: Accepted')).toBeUndefined();
    expect(header("<165>%% It's time")).toBeUndefined();
    expect(header('<13>%ASA-9-302013: severity 9 does not exist')).toBeUndefined();
    expect(header('<13>*no time here: %SYS-5-X: y')).toBeUndefined();
  });

  it('makes ASA events: dataset cisco.asa, the message id as event.code, the device time', () => {
    expect(ciscoEvent(header(asaFull!)!, source())).toEqual({
      dataset: 'cisco.asa',
      vendor: 'Cisco',
      product: 'ASA',
      message: expect.stringMatching(/^Built inbound/),
      time: { epoch: Date.parse('2026-01-05T07:23:45Z'), timezone: 'Asia/Ho_Chi_Minh' },
      hostname: 'FW-EDGE-01',
      severity: 6,
      level: 'info',
      code: '302013',
      fields: { cisco: { asa: { facility: 'ASA', severity: 6, mnemonic: '302013', message_id: '302013' } } },
    });
    expect(ciscoEvent(header('<166>%FTD-6-430003: x')!, source())).toMatchObject({ dataset: 'cisco.ftd', product: 'FTD', fields: { cisco: { ftd: { message_id: '430003' } } } });
  });

  it('makes IOS events: the mnemonic as event.code, UTC when the device says so, no time from an unsynchronised clock', () => {
    expect(ciscoEvent(header(iosOrigin!)!, source())).toMatchObject({ dataset: 'cisco.ios', product: 'IOS', code: 'UPDOWN', level: 'err', time: { epoch: Date.parse('2026-01-22T10:33:39.777Z'), timezone: 'UTC' } });
    const unsynced = ciscoEvent(header(iosUnsynced!)!, source());
    expect(unsynced.time).toBeUndefined();
    expect(unsynced.fields).toEqual({ cisco: { ios: { facility: 'SYS', severity: 5, mnemonic: 'CONFIG_I', sequence: 2345, clock_unsynchronized: true } } });
    // An ambiguous abbreviation (ICT, IST …) is read in the source's zone.
    const ict = ciscoEvent(header('<189>5: Nov 24 08:00:00.000 ICT: %SYS-5-RESTART: up')!, { ...source('+07:00'), receivedAt: RECEIVED_AT });
    expect(ict.time).toEqual({ epoch: Date.parse('2026-11-24T01:00:00Z'), timezone: '+07:00' });
  });
});
