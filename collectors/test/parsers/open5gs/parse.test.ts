import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPEN5GS_MAX_RECORD_CHARS, parseOpen5gs } from '../../../src/parsers/open5gs';
import type { ParsedEvent, ParseOutcome, SourceContext } from '../../../src/parse/types';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

// What an input's multi-line framing does: a line that starts with a timestamp starts a record.
function records(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (/^0000: /.test(line) && out.length > 0) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

const MARCH_2024: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.UTC(2024, 2, 27, 0, 0, 0) };

function parsed(outcome: ParseOutcome): ParsedEvent {
  if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
  return outcome.event;
}

describe('parseOpen5gs', () => {
  it('parses every record of the fixtures', () => {
    for (const name of ['5gc-session.log', 'auth-failures.log', 'epc-attach.log', 'deployment-prefixes.log', 'ansi-colour.log']) {
      for (const record of records(fixture(name))) {
        const outcome = parseOpen5gs(record, MARCH_2024);
        expect({ name, record, ok: outcome.ok }).toEqual({ name, record, ok: true });
      }
    }
  });

  it('maps the SMF PDU session line of the brief to ECS', () => {
    const line = '03/18 20:31:22.185: [smf] INFO: UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[] (../src/smf/npcf-handler.c:528)';
    expect(parsed(parseOpen5gs(line, MARCH_2024))).toEqual({
      '@timestamp': '2024-03-18T13:31:22.185Z',
      message: 'UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[]',
      event: {
        kind: 'event',
        module: 'open5gs',
        dataset: 'open5gs.smf',
        severity: 6,
        action: 'pdu_session_establishment',
        category: ['network', 'session'],
        type: ['start'],
        outcome: 'success',
      },
      log: { level: 'info', logger: 'smf', origin: { file: { name: 'src/smf/npcf-handler.c', line: 528 } } },
      service: { type: 'open5gs', name: 'smf' },
      user: { id: 'imsi-001010000000000' },
      client: { ip: '10.45.0.2' },
      open5gs: { supi: 'imsi-001010000000000', dnn: 'internet', ue: { ipv4: '10.45.0.2' } },
    });
  });

  it('follows one UE through registration and PDU session in the 5GC session log', () => {
    const events = records(fixture('5gc-session.log')).map((r) => parsed(parseOpen5gs(r, MARCH_2024)));
    const actions = events.filter((e) => e.event.action !== undefined).map((e) => [e.service, e.event.action, e.event.outcome]);
    expect(actions).toEqual([
      [{ type: 'open5gs', name: 'amf' }, 'initial_ue_message', 'unknown'],
      [{ type: 'open5gs', name: 'amf' }, 'context_added', 'success'],
      [{ type: 'open5gs', name: 'amf' }, 'registration', 'unknown'],
      [{ type: 'open5gs', name: 'smf' }, 'pdu_session_release', 'success'],
      [{ type: 'open5gs', name: 'smf' }, 'context_removed', 'success'],
      [{ type: 'open5gs', name: 'amf' }, 'pdu_session_release', 'unknown'],
      [{ type: 'open5gs', name: 'amf' }, 'ue_context_release', 'unknown'],
      [{ type: 'open5gs', name: 'amf' }, 'registration', 'success'],
      [{ type: 'open5gs', name: 'amf' }, 'context_added', 'success'],
      [{ type: 'open5gs', name: 'amf' }, 'pdu_session_establishment', 'unknown'],
      [{ type: 'open5gs', name: 'smf' }, 'context_added', 'success'],
      [{ type: 'open5gs', name: 'smf' }, 'context_added', 'success'],
      [{ type: 'open5gs', name: 'smf' }, 'pdu_session_establishment', 'success'],
      [{ type: 'open5gs', name: 'upf' }, 'pdu_session_establishment', 'success'],
    ]);
    const users = new Set(events.map((e) => e.user?.id).filter((id) => id !== undefined));
    expect([...users]).toEqual(['imsi-001010000000000']);
    expect(events[1]!.open5gs).toEqual({ counter: { name: 'gnb_ues', value: 2 } });
    expect(events[17]!.client).toEqual({ ip: '10.46.0.2' });
  });

  it('maps an authentication failure with its hex dump, naming the subscriber of a null-scheme SUCI', () => {
    const [, , , , mac, reject, , http, regReject, integrity] = records(fixture('auth-failures.log')).map((r) => parsed(parseOpen5gs(r, { ...MARCH_2024, receivedAt: Date.UTC(2023, 7, 10) })));
    expect(mac).toMatchObject({
      '@timestamp': '2023-08-09T05:50:38.112Z',
      event: { action: 'authentication_failure', category: ['authentication'], outcome: 'failure', severity: 3, dataset: 'open5gs.amf' },
      log: { level: 'error', logger: 'gmm' },
      user: { id: 'imsi-208990100001100' },
      open5gs: { suci: 'suci-0-208-99-0000-0-0-0100001100', auth: { failure: 'mac_failure' } },
    });
    expect(mac!.message).toMatch(/^\[suci-0-208-99-0000-0-0-0100001100\] MAC failure\n0000: f257512c/);
    expect(mac!.message!.split('\n')).toHaveLength(4);
    expect(reject).toMatchObject({ event: { action: 'authentication_failure', type: ['end'] }, open5gs: { auth: { failure: 'rejected' } } });
    expect(http).toMatchObject({ http: { response: { status_code: 500 } }, log: { level: 'error' } });
    expect(regReject).toMatchObject({ event: { action: 'registration', outcome: 'failure' }, open5gs: { cause: 9 }, user: { id: 'imsi-001010000000003' } });
    expect(integrity).toMatchObject({ event: { action: 'integrity_failure', outcome: 'failure' } });
  });

  it('maps EPC lines: bare IMSIs become a SUPI-form user.id, attach is a registration', () => {
    const events = records(fixture('epc-attach.log')).map((r) => parsed(parseOpen5gs(r, { ...MARCH_2024, receivedAt: Date.UTC(2021, 5, 9) })));
    expect(events[3]).toMatchObject({ user: { id: 'imsi-286010000000001' }, open5gs: { imsi: '286010000000001' }, service: { name: 'mme' } });
    expect(events[4]).toMatchObject({ event: { action: 'registration', dataset: 'open5gs.mme' }, log: { logger: 'emm' } });
    expect(events[6]).toMatchObject({ event: { action: 'authentication_failure' }, open5gs: { auth: { failure: 'synch_failure' } } });
    expect(events[7]).toMatchObject({ service: { name: 'sgwu' }, open5gs: { apn: 'internet', pdn_type: 3, f_seid: { cp: '0x1', up: '0x1' } } });
  });

  it('reads journald and docker compose prefixes into host, process and container', () => {
    const [journald, compose, , network, nullUe, fatal] = records(fixture('deployment-prefixes.log')).map((r) => parsed(parseOpen5gs(r, MARCH_2024)));
    expect(journald).toMatchObject({
      '@timestamp': '2024-03-18T01:17:34.034Z',
      host: { name: 'h-plmn' },
      process: { name: 'open5gs-amfd', pid: 1513 },
      service: { name: 'amf' },
      open5gs: { ngap: { ran_ue_id: 1, amf_ue_id: 7 }, tac: 1, cell_id: '0x10' },
    });
    expect(journald!.message).toBe('RAN_UE_NGAP_ID[1] AMF_UE_NGAP_ID[7] TAC[1] CellID[0x10]');
    expect(compose).toMatchObject({ container: { name: 'amf' }, event: { action: 'deregistration' }, user: { id: 'imsi-001010000000001' } });
    expect(network).toMatchObject({ event: { action: 'deregistration' }, user: { id: 'imsi-001010000000000' } });
    expect(nullUe!.user).toBeUndefined();
    expect(fatal).toMatchObject({ event: { severity: 2 }, log: { level: 'fatal' }, service: { name: 'smf' } });
  });

  it('reads times in the source zone, the year from the receive time (December lines in January)', () => {
    const line = '12/31 23:59:59.999: [amf] INFO: InitialUEMessage (../src/amf/ngap-handler.c:401)';
    const january = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.UTC(2025, 0, 1, 3) };
    expect(parsed(parseOpen5gs(line, january))['@timestamp']).toBe('2024-12-31T16:59:59.999Z');
    expect(parsed(parseOpen5gs(line, { ...january, timeZone: 'UTC' }))['@timestamp']).toBe('2024-12-31T23:59:59.999Z');
    expect(parsed(parseOpen5gs(`2023/${line}`, january))['@timestamp']).toBe('2023-12-31T16:59:59.999Z');
    expect(parsed(parseOpen5gs(line, { timeZone: '', receivedAt: january.receivedAt }))['@timestamp']).toBe('2024-12-31T16:59:59.999Z');
  });

  it('uses the receive time for records printed without a timestamp, and the log file for the NF', () => {
    const event = parsed(parseOpen5gs('[sbi] INFO: NF registered [Heartbeat:10s] (../lib/sbi/nf-sm.c:223)', { ...MARCH_2024, topic: '/var/log/open5gs/nrf.log' }));
    expect(event['@timestamp']).toBe('2024-03-27T00:00:00.000Z');
    expect(event.event.dataset).toBe('open5gs.nrf');
    expect(event.log).toMatchObject({ logger: 'sbi' });
  });

  it('uses a generic dataset when nothing names the network function', () => {
    const event = parsed(parseOpen5gs('03/18 20:31:22.185: [sbi] INFO: NF registered (../lib/sbi/nf-sm.c:223)', MARCH_2024));
    expect(event.event.dataset).toBe('open5gs.log');
    expect(event.service).toEqual({ type: 'open5gs' });
  });

  it.each([
    ['', 'HALONG_PARSE_EMPTY'],
    ['  \n ', 'HALONG_PARSE_EMPTY'],
    ['hello world', 'HALONG_PARSE_OPEN5GS'],
    ['0000: f257512c cccdf838 4d17d539 80e44b28   .WQ,...8M..9..K(', 'HALONG_PARSE_OPEN5GS'],
    ['13/45 20:31:22.185: [smf] INFO: x', 'HALONG_PARSE_TIME'],
    [`03/18 20:31:22.185: [smf] INFO: ${'x'.repeat(OPEN5GS_MAX_RECORD_CHARS)}`, 'HALONG_PARSE_TOO_LARGE'],
  ])('refuses %j with %s', (text, code) => {
    const outcome = parseOpen5gs(text, MARCH_2024);
    expect(outcome.ok ? undefined : outcome.failure.code).toBe(code);
  });

  it('says what a hex-dump line is, and refuses an unknown zone without throwing', () => {
    const hex = parseOpen5gs('0000: f257512c cccdf838 4d17d539 80e44b28   .WQ,...8M..9..K(', MARCH_2024);
    expect(hex.ok ? '' : hex.failure.message).toMatch(/continuation/);
    const zone = parseOpen5gs('03/18 20:31:22.185: [smf] INFO: x', { ...MARCH_2024, timeZone: 'Mars/Olympus_Mons' });
    expect(zone).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_TIME', message: 'Unknown time zone "Mars/Olympus_Mons" for the Open5GS source.' } });
  });

  // 20,000 openings of what could be a source location, as long as a record may be. How fast
  // this is parsed is measured by `npm run bench -w collectors` (section hostile).
  it('parses a hostile line at the record bound whole', () => {
    const body = ' (a'.repeat(20_000);
    const hostile = `03/18 20:31:22.185: [smf] INFO: ${body}`;
    expect(hostile.length).toBeLessThanOrEqual(OPEN5GS_MAX_RECORD_CHARS);
    const event = parsed(parseOpen5gs(hostile, MARCH_2024));
    expect([event.event.dataset, event.log]).toEqual(['open5gs.smf', { level: 'info', logger: 'smf' }]);
    expect(event.message).toBe(body.trim());
  });
});
