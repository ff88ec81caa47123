import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ParseOutcome, ParsedEvent } from '../../../src/parse/types';
import { createSyslogParser, parseSyslog, SyslogFramer } from '../../../src/parsers/syslog';
import { at, failureOf, repeats } from '../support/large-values';
import { fixtureLines, RECEIVED_AT, source } from './support/fixtures';

function parsed(text: string, src = source()): ParsedEvent {
  const outcome = parseSyslog(text, src);
  if (!outcome.ok) throw new Error(`expected ${JSON.stringify(text.slice(0, 80))} to parse: ${outcome.failure.message}`);
  return outcome.event;
}

function failed(text: string, src = source()): ParseOutcome {
  return parseSyslog(text, src);
}

describe('parseSyslog', () => {
  const logger = fixtureLines('logger-util-linux.txt');

  it('parses util-linux logger --rfc5424 into ECS', () => {
    expect(parsed(logger[0]!)).toEqual({
      '@timestamp': '2026-11-24T01:24:26.891Z',
      event: { kind: 'event', module: 'syslog', dataset: 'syslog', severity: 6 },
      log: {
        syslog: {
          priority: 38,
          facility: { code: 4, name: 'auth' },
          severity: { code: 6, name: 'info' },
          hostname: 'vm',
          appname: 'sshd',
          procid: '19380',
          msgid: 'ID47',
          version: '1',
          structured_data: { timeQuality: { tzKnown: '1', isSynced: '0' }, 'exampleSDID@32473': { iut: '3', eventSource: 'App\\lic]ation' } },
        },
        level: 'info',
      },
      message: 'Accepted publickey for root',
      host: { name: 'vm', hostname: 'vm', os: { type: 'linux' } },
      process: { name: 'sshd', pid: 19380 },
    });
  });

  it('parses util-linux logger --rfc3164 into ECS, reading the zone-less time in the source zone', () => {
    expect(parsed(logger[1]!, source('UTC'))).toEqual({
      '@timestamp': '2026-11-24T01:24:26.000Z',
      event: { kind: 'event', module: 'syslog', dataset: 'syslog', severity: 5, timezone: 'UTC' },
      log: {
        syslog: { priority: 85, facility: { code: 10, name: 'authpriv' }, severity: { code: 5, name: 'notice' }, hostname: 'vm', appname: 'sshd', procid: '19381' },
        level: 'notice',
      },
      message: 'Failed password for invalid user admin',
      host: { name: 'vm', hostname: 'vm', os: { type: 'linux' } },
      process: { name: 'sshd', pid: 19381 },
    });
    expect(parsed(logger[1]!)['@timestamp']).toBe('2026-11-23T18:24:26.000Z');
  });

  it('parses every line of every fixture but the one RFC 3164 calls content without a header', () => {
    const files = ['logger-util-linux.txt', 'rfc5424-examples.txt', 'rfc3164-examples.txt', 'rsyslog-templates.txt', 'cisco.txt', 'fortigate.txt'];
    const failures = files.flatMap((file) => fixtureLines(file).filter((line) => !parseSyslog(line, source()).ok));
    expect(failures).toEqual(['Use the BFG!']);
  });

  it('reads logger defaults: NILVALUE timestamp (receive time), no hostname, local format', () => {
    expect(parsed(logger[3]!)).toMatchObject({ '@timestamp': new Date(RECEIVED_AT).toISOString(), host: { name: 'vm' }, message: 'msg x' });
    expect(parsed(logger[4]!).host).toEqual({ os: { type: 'linux' } });
    expect(parsed(logger[5]!)).toMatchObject({ process: { name: 'CRON', pid: 4242 }, log: { syslog: { facility: { name: 'local7' } } } });
  });

  it('recognises vendor formats: Cisco ASA/IOS and FortiGate', () => {
    const [asa, , , , ios] = fixtureLines('cisco.txt');
    expect(parsed(asa!)).toMatchObject({
      event: { module: 'syslog', dataset: 'cisco.asa', code: '302013', severity: 6 },
      observer: { vendor: 'Cisco', product: 'ASA' },
      host: { name: 'FW-EDGE-01' },
      cisco: { asa: { message_id: '302013' } },
      message: expect.stringMatching(/^Built inbound TCP/),
    });
    expect(parsed(ios!)).toMatchObject({ event: { dataset: 'cisco.ios', code: 'CONFIG_I' }, '@timestamp': new Date(RECEIVED_AT).toISOString(), cisco: { ios: { sequence: 2345, clock_unsynchronized: true } } });
    const [traffic] = fixtureLines('fortigate.txt');
    const forti = parsed(traffic!);
    expect(forti).toMatchObject({
      '@timestamp': '2019-05-10T18:37:47.369Z',
      event: { dataset: 'fortinet.firewall', code: '0000000013', action: 'close' },
      observer: { vendor: 'Fortinet', product: 'FortiGate' },
      host: { name: 'FGT60E' },
      source: { ip: '10.1.100.11', port: 58012 },
      fortinet: { firewall: { logid: '0000000013', devid: 'FGT60ETK18000000' } },
      message: traffic!.slice('<189>'.length),
    });
    expect(forti.host).not.toHaveProperty('os');
  });

  it('recognises a FortiGate body in an RFC 5424 MSG too', () => {
    expect(parsed('<189>1 2026-11-24T01:18:55+07:00 fw01 - - - - date=2026-11-24 time=01:18:55 logid="0000000013" devname="fw01"').event.dataset).toBe('fortinet.firewall');
  });

  it('ignores trailing newlines and NULs, and a leading one', () => {
    const clean = parsed(logger[1]!);
    expect(parsed(`${logger[1]}\n`)).toEqual(clean);
    expect(parsed(`${logger[1]}\r\n\0\0`)).toEqual(clean);
    expect(parsed(`\n${logger[1]}`)).toEqual(clean);
  });

  it('sets the sender address when the input knows it', () => {
    expect(parsed(logger[1]!, source('UTC', { address: '192.0.2.7' })).log).toMatchObject({ source: { address: '192.0.2.7' } });
  });

  it.each([
    ['', 'HALONG_PARSE_EMPTY', 'The syslog message is empty (nothing but whitespace, CR, LF or NUL).'],
    ['  \r\n\0', 'HALONG_PARSE_EMPTY', 'The syslog message is empty (nothing but whitespace, CR, LF or NUL).'],
    ['<abc>x', 'HALONG_PARSE_SYSLOG', 'The message starts with "<" but not with a PRI ("<abc>x"); expected <0> to <191>.'],
    ['<1234>x', 'HALONG_PARSE_SYSLOG', 'The message starts with "<" but not with a PRI ("<1234>"); expected <0> to <191>.'],
    ['<192>Nov 24 01:18:55 h a: x', 'HALONG_PARSE_SYSLOG', 'The PRI <192> is outside 0–191.'],
    ['<13>', 'HALONG_PARSE_SYSLOG', 'The message is a PRI (<13>) with nothing after it.'],
    ['Use the BFG!', 'HALONG_PARSE_SYSLOG', 'The message has neither a <PRI> nor a timestamp at its start ("Use the BFG!"), so it is not syslog.'],
    ['<13>1 2026-02-29T10:00:00Z h a - - - x', 'HALONG_PARSE_TIME', 'The timestamp "2026-02-29T10:00:00Z" is not a valid date and time.'],
    ['<13>Feb 30 10:00:00 h a: x', 'HALONG_PARSE_TIME', 'The timestamp "Feb 30 10:00:00" is not a valid date and time.'],
    ['<13>1 - h a - -', 'HALONG_PARSE_SYSLOG', 'The RFC 5424 header ends before its STRUCTURED-DATA ("-" when there is none).'],
  ])('fails on %j with %s', (text, code, message) => {
    expect(failed(text)).toEqual({ ok: false, failure: { code, message } });
  });

  it('fails, never throws, when the source zone is unknown', () => {
    expect(failed(logger[1]!, source('Nowhere/Special'))).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_TIME', message: expect.stringContaining('"Nowhere/Special" is not an IANA name') } });
    // A message that carries its zone does not need the source's.
    expect(parseSyslog(logger[0]!, source('Nowhere/Special')).ok).toBe(true);
  });

  it('never throws on arbitrary input', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '<>0123456789 -:[]="\\%*.ANovT\n\0é';
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 60);
      let text = n % 2 === 0 ? '<13>' : '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const outcome = parseSyslog(text, source());
      expect(typeof outcome.ok).toBe('boolean');
    }
  });

  describe('options', () => {
    it('lets a source that is not a Linux host leave host.os.type out, or name its own', () => {
      expect(createSyslogParser({ hostOsType: null })(logger[1]!, source())).toMatchObject({ ok: true, event: { host: { name: 'vm' } } });
      expect((createSyslogParser({ hostOsType: null })(logger[1]!, source()) as { event: ParsedEvent }).event.host).not.toHaveProperty('os');
      expect(createSyslogParser({ hostOsType: 'macos' })(logger[1]!, source())).toMatchObject({ ok: true, event: { host: { os: { type: 'macos' } } } });
    });
  });

  describe("fits Sigma's Linux pipeline (detection/pipelines/linux.yml)", () => {
    type Entry = { logsource: { product?: string; service?: string | null }; conditions: Record<string, unknown> };
    const pipeline = parseYaml(readFileSync(resolve(__dirname, '../../../../detection/pipelines/linux.yml'), 'utf8')) as { entries: Entry[] };
    const conditions = (service: string) => pipeline.entries.find((e) => e.logsource.product === 'linux' && e.logsource.service === service)!.conditions;
    const fieldAt = (event: ParsedEvent, path: string) => path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], event);
    const matches = (event: ParsedEvent, service: string) =>
      Object.entries(conditions(service)).every(([path, want]) => (Array.isArray(want) ? want : [want]).includes(fieldAt(event, path)));

    it('routes sshd, sudo, cron, auth and syslog events', () => {
      const sshd = parsed(logger[6]!);
      expect(['sshd', 'auth', 'syslog'].map((s) => matches(sshd, s))).toEqual([true, true, true]);
      expect(matches(parsed(logger[7]!), 'sudo')).toBe(true);
      expect(matches(parsed(logger[5]!), 'cron')).toBe(true);
      expect(matches(parsed(logger[5]!), 'auth')).toBe(false);
    });

    it('does not route network devices as Linux hosts', () => {
      expect(matches(parsed(fixtureLines('cisco.txt')[0]!), 'syslog')).toBe(false);
      expect(matches(parsed(fixtureLines('fortigate.txt')[0]!), 'syslog')).toBe(false);
    });
  });

  // 10 MB (collector.maxMessageBytes has no ceiling), so that a scanner recursing or backtracking
  // per character would fail here, not on a relay: each message is parsed whole or refused with
  // its reason. Their speed is measured by `npm run bench -w collectors` (section hostile).
  describe('hostile input', () => {
    const TEN_MB = 10 * 1024 * 1024;

    it('takes 10 MB of content after a bare PRI as the message', () => {
      const event = parsed(`<13>${'a'.repeat(TEN_MB)}`);
      expect(event['@timestamp']).toBe(new Date(RECEIVED_AT).toISOString());
      expect(at(event, 'log.syslog.priority')).toBe(13);
      expect(repeats(event.message, 'a')).toBe(TEN_MB);
    }, 30_000);

    it('does not take a 10 MB token after an RFC 3164 header for a hostname', () => {
      const event = parsed(`<13>Nov 24 01:18:55 ${'h'.repeat(TEN_MB)}`);
      expect(event['@timestamp']).toBe('2026-11-23T18:18:55.000Z');
      expect(event.host?.name).toBeUndefined();
      expect(repeats(event.message, 'h')).toBe(TEN_MB);
    }, 30_000);

    it('keeps a 10 MB structured-data value whole', () => {
      const event = parsed(`<13>1 - h a - - [x y="${'v'.repeat(TEN_MB)}"] m`);
      expect([event.message, event.host?.name, at(event, 'process.name')]).toEqual(['m', 'h', 'a']);
      expect(Object.keys(at(event, 'log.syslog.structured_data') ?? {})).toEqual(['x']);
      expect(repeats(at(event, 'log.syslog.structured_data.x.y'), 'v')).toBe(TEN_MB);
    }, 30_000);

    it('reads every pair of a 10 MB key=value body', () => {
      const head = 'date=2026-11-24 time=01:18:55 logid=1 ';
      const event = parsed(`<13>${head}${'k=v '.repeat(TEN_MB / 4)}`);
      expect(event['@timestamp']).toBe('2026-11-23T18:18:55.000Z');
      expect(event.event).toMatchObject({ dataset: 'fortinet.firewall', code: '1' });
      expect(event['fortinet']).toEqual({ firewall: { date: '2026-11-24', time: '01:18:55', logid: '1', k: 'v' } });
      expect(repeats(event.message, 'k=v ', head)).toBe(TEN_MB / 4);
    }, 30_000);

    it.each<[string, () => string, string, string]>([
      ['10 MB of escapes in an unterminated value', () => `<13>1 - h a - - [x y="${'\\"'.repeat(TEN_MB / 2)}`, 'HALONG_PARSE_SYSLOG', 'The RFC 5424 value of "y" in [x] has no closing quote.'],
      ['10 MB of "[" where structured data should be', () => `<13>1 - h a - - ${'['.repeat(TEN_MB)}`, 'HALONG_PARSE_SYSLOG', 'The RFC 5424 SD-ID at character 17 is longer than 255 characters.'],
      ['10 MB without a header', () => 'N'.repeat(TEN_MB), 'HALONG_PARSE_SYSLOG', 'The message has neither a <PRI> nor a timestamp at its start ("NNNNNNNNNNNNNNNNNNNN"), so it is not syslog.'],
      ['10 MB of NULs', () => '\0'.repeat(TEN_MB), 'HALONG_PARSE_EMPTY', 'The syslog message is empty (nothing but whitespace, CR, LF or NUL).'],
    ])('refuses %s with its reason', (_name, make, code, message) => {
      expect(failureOf(failed(make()))).toEqual({ code, message });
    }, 30_000);

    it('frames a 10 MB line as one message cut at maxMessageBytes and flagged', () => {
      const framer = new SyslogFramer({ maxMessageBytes: 64 * 1024 });
      const out = [...framer.push(Buffer.alloc(TEN_MB, 0x61)), ...framer.push(Buffer.from('\n')), ...framer.end()];
      expect(out).toHaveLength(1);
      expect(out[0]).toMatchObject({ framing: 'non-transparent', truncated: true, invalidUtf8: false });
      expect(repeats(out[0]!.text, 'a')).toBe(64 * 1024);
    }, 30_000);
  });
});
