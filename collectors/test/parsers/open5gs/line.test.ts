import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecord, stripAnsi } from '../../../src/parsers/open5gs/line';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('readRecord', () => {
  it('splits a line into stamp, domain, level, content and source location', () => {
    const r = readRecord('03/18 20:31:22.185: [smf] INFO: UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[] (../src/smf/npcf-handler.c:528)');
    expect(r).toEqual({
      stamp: { month: 3, day: 18, hour: 20, minute: 31, second: 22, millisecond: 185 },
      domain: 'smf',
      level: 'INFO',
      content: 'UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[]',
      continuation: [],
      origin: { file: '../src/smf/npcf-handler.c', line: 528 },
    });
  });

  it('reads the year-first layout, a function name after the location, and no location at all', () => {
    expect(readRecord('2024/03/18 20:31:22.185: [amf] DEBUG: x (../src/amf/amf-sm.c:78) amf_state_operational()')).toMatchObject({
      stamp: { year: 2024, month: 3, day: 18 },
      content: 'x',
      origin: { file: '../src/amf/amf-sm.c', line: 78, function: 'amf_state_operational' },
    });
    expect(readRecord('03/18 20:31:22.185: [app] INFO: Open5GS daemon v2.7.0')).toMatchObject({ content: 'Open5GS daemon v2.7.0' });
    expect(readRecord('03/18 20:31:22.185: [app] INFO: Open5GS daemon v2.7.0')?.origin).toBeUndefined();
  });

  it('keeps an errno text in the content and takes only the last parenthesis as the location', () => {
    const r = readRecord('03/18 20:31:22.185: [sock] ERROR: socket bind(2) [127.0.0.7]:8805 failed (98:Address already in use) (../lib/core/ogs-socket.c:142)');
    expect(r?.content).toBe('socket bind(2) [127.0.0.7]:8805 failed (98:Address already in use)');
    expect(r?.origin).toEqual({ file: '../lib/core/ogs-socket.c', line: 142 });
  });

  it('accepts lines without a timestamp (logger.timestamp disabled) but not without a domain too', () => {
    expect(readRecord('[amf] DEBUG: UplinkNASTransport (../src/amf/ngap-handler.c:546)')).toMatchObject({ domain: 'amf', level: 'DEBUG' });
    expect(readRecord('ERROR: something')).toBeUndefined();
    expect(readRecord('03/18 20:31:22.185: [smf] NOTICE: x')).toBeUndefined();
  });

  it('keeps hex-dump lines after the first as continuation', () => {
    const text = fixture('auth-failures.log').split('\n').slice(4, 8).join('\n');
    const r = readRecord(text);
    expect(r?.content).toBe('[suci-0-208-99-0000-0-0-0100001100] MAC failure');
    expect(r?.continuation).toHaveLength(3);
    expect(r?.continuation[0]).toMatch(/^0000: f257512c/);
  });

  it('reads journald and docker compose prefixes', () => {
    const [journald, compose] = fixture('deployment-prefixes.log').split('\n');
    expect(readRecord(journald!)).toMatchObject({ syslog: { host: 'h-plmn', program: 'open5gs-amfd', pid: 1513 }, domain: 'amf' });
    expect(readRecord(compose!)).toMatchObject({ container: 'amf', domain: 'amf', stamp: { month: 1, day: 31 } });
  });

  it('strips the terminal colours Open5GS writes', () => {
    const line = fixture('ansi-colour.log').trimEnd();
    expect(stripAnsi(line)).toBe('08/30 14:45:03.597: [gmm] INFO: [imsi-208930000000002] Registration complete (../src/amf/gmm-sm.c:1116)');
    expect(readRecord(line)).toMatchObject({ domain: 'gmm', level: 'INFO', content: '[imsi-208930000000002] Registration complete' });
  });

  it('returns undefined for text that is not an Open5GS record', () => {
    expect(readRecord('')).toBeUndefined();
    expect(readRecord('0000: f257512c cccdf838 4d17d539 80e44b28   .WQ,...8M..9..K(')).toBeUndefined();
    expect(readRecord('<34>1 2024-03-18T20:31:22Z host app - - - hello')).toBeUndefined();
  });
});
