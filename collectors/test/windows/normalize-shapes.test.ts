import type { EcsEvent } from '@halong/core';
import { normalizeWindowsEvent } from '../../src/windows';
import { fixtureText, nxlogSamples, valueAt } from './support/shared-data';

// The Mordor collector wrote NXLog's EventTime in US Eastern time (UtcTime is 4 h later).
const NXLOG_ZONE = 'America/New_York';

// Fields that describe the renderer, not the event: ids and originals differ by construction;
// task/opcode are numbers in evtx_dump and names elsewhere; only NXLog and Winlogbeat resolve
// the account name; only some renderers carry Level, keywords or a rendered message.
const SHAPE_DEPENDENT = [
  'event.id',
  'event.original',
  'message',
  'winlog.task',
  'winlog.opcode',
  'winlog.level',
  'winlog.keywords',
  'winlog.user.name',
  'winlog.user.domain',
  'winlog.user.type',
];

function comparable(event: EcsEvent): Record<string, unknown> {
  const copy = structuredClone(event) as Record<string, unknown>;
  for (const path of SHAPE_DEPENDENT) {
    const parts = path.split('.');
    const parent = valueAt(copy, parts.slice(0, -1).join('.')) ?? (parts.length === 1 ? copy : undefined);
    if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[parts[parts.length - 1]];
  }
  return copy;
}

function threeShapes(name: string): { evtx: EcsEvent; nxlog: EcsEvent; winlogbeat: EcsEvent } {
  return {
    evtx: normalizeWindowsEvent(JSON.parse(fixtureText(`${name}.evtx.json`))),
    nxlog: normalizeWindowsEvent(fixtureText(`${name}.nxlog.json`).trim(), { timeZone: NXLOG_ZONE }),
    winlogbeat: normalizeWindowsEvent(JSON.parse(fixtureText(`${name}.winlogbeat.json`))),
  };
}

describe('the three input shapes of one event normalize to the same ECS fields', () => {
  it('Sysmon 1 (process creation)', () => {
    const { evtx, nxlog, winlogbeat } = threeShapes('sysmon-1');
    expect(comparable(nxlog)).toEqual(comparable(evtx));
    expect(comparable(winlogbeat)).toEqual(comparable(evtx));
    expect(evtx['@timestamp']).toBe('2020-09-21T22:58:58.735Z');
    expect(evtx.event.created).toBe('2020-09-21T22:58:58.000Z');
    expect(evtx.process).toMatchObject({
      entity_id: '{B34BC01C-3032-5F69-6B01-000000000900}',
      executable: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
      parent: { pid: 908, entity_id: '{B34BC01C-226B-5F69-1000-000000000900}', name: 'svchost.exe' },
      pe: { original_file_name: 'Wmiprvse.exe' },
    });
    expect(evtx.user).toEqual({ name: 'NETWORK SERVICE', domain: 'NT AUTHORITY' });
    expect(valueAt(evtx, 'winlog.event_data.TerminalSessionId')).toBe('0');
    expect(valueAt(evtx, 'winlog.event_data.LogonGuid')).toBe('{B34BC01C-226B-5F69-E403-000000000000}');
    expect(valueAt(evtx, 'winlog.provider_guid')).toBe('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
  });

  it('Security 4688 (process creation through the audit log)', () => {
    const { evtx, nxlog, winlogbeat } = threeShapes('security-4688');
    expect(comparable(nxlog)).toEqual(comparable(evtx));
    expect(comparable(winlogbeat)).toEqual(comparable(evtx));
    expect(evtx['@timestamp']).toBe('2020-10-22T08:29:53.000Z');
    expect(evtx.event).toMatchObject({ category: ['process'], type: ['start'], action: 'process-started', outcome: 'success', dataset: 'windows.security' });
    expect(evtx.process).toEqual({
      executable: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
      name: 'WmiPrvSE.exe',
      pid: 0x1f08,
      command_line: 'C:\\windows\\system32\\wbem\\wmiprvse.exe -Embedding',
      parent: { pid: 0x398, executable: 'C:\\Windows\\System32\\svchost.exe', name: 'svchost.exe' },
    });
    expect(evtx.user).toEqual({ name: 'MORDORDC$', domain: 'THESHIRE', id: 'S-1-5-18' });
    // Security fields are copied: the raw (hex) values stay for rules that name them.
    expect(valueAt(evtx, 'winlog.event_data')).toMatchObject({ NewProcessId: '0x1f08', ProcessId: '0x398', NewProcessName: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe' });
    expect(valueAt(evtx, 'winlog.logon.id')).toBe('0x3e7');
  });

  it('keeps the text it was given as event.original and derives event.id from it', () => {
    const text = fixtureText('sysmon-1.nxlog.json').trim();
    const a = normalizeWindowsEvent(text, { timeZone: NXLOG_ZONE });
    const b = normalizeWindowsEvent(text, { timeZone: NXLOG_ZONE });
    expect(a.event.original).toBe(text);
    expect(a.event.id).toBe(b.event.id);
    expect(normalizeWindowsEvent(text, { eventId: 'assigned-at-first-hop' }).event.id).toBe('assigned-at-first-hop');
  });
});

describe('NXLog records from the security-datasets', () => {
  const samples = nxlogSamples();
  const byKey = new Map(samples.map((s) => [`${String(s.Channel).toLowerCase()}|${String(s.EventID)}`, s]));
  const sample = (key: string): Record<string, unknown> => {
    const s = byKey.get(key);
    if (!s) throw new Error(`no sample ${key}`);
    return s;
  };
  const norm = (key: string): EcsEvent => normalizeWindowsEvent(sample(key), { timeZone: NXLOG_ZONE });

  it.each(samples.map((s) => [`${String(s.Channel)} ${String(s.EventID)}`, s] as const))('%s normalizes', (_name, raw) => {
    const ecs = normalizeWindowsEvent(raw, { timeZone: NXLOG_ZONE });
    expect(ecs.event.code).toBe(String(raw.EventID));
    expect(ecs.host?.name).toBe(raw.Hostname);
    expect(ecs.event.dataset).toMatch(/^windows\.[a-z0-9_]+$/);
    for (const key of ['EventTime', 'Hostname', 'SourceName', 'SeverityValue', 'port', 'tags', '@version']) {
      expect(valueAt(ecs, `winlog.event_data.${key}`)).toBeUndefined();
    }
  });

  it('Security 4624: the account logging on is user.*, the client is source.*', () => {
    const ecs = norm('security|4624');
    expect(ecs.event).toMatchObject({ category: ['authentication'], type: ['start'], action: 'logged-in', outcome: 'success' });
    const data = valueAt(ecs, 'winlog.event_data') as Record<string, string>;
    expect(ecs.user?.name).toBe(data.TargetUserName);
    expect(ecs.user?.domain).toBe(data.TargetDomainName);
    expect(valueAt(ecs, 'winlog.logon.type')).toBe(data.LogonType);
  });

  it('Security 5156: addresses, ports (numbers), transport and direction', () => {
    const raw = sample('security|5156');
    const ecs = norm('security|5156');
    expect(ecs.source).toEqual({ ip: raw.SourceAddress, port: Number(raw.SourcePort) });
    expect(ecs.destination).toEqual({ ip: raw.DestAddress, port: Number(raw.DestPort) });
    expect(valueAt(ecs, 'network')).toMatchObject({ transport: 'tcp', iana_number: '6', direction: 'egress' });
  });

  it('Sysmon 3: a connection with typed ports and the raw Initiated flag kept', () => {
    const raw = sample('microsoft-windows-sysmon/operational|3');
    const ecs = norm('microsoft-windows-sysmon/operational|3');
    expect(ecs.event).toMatchObject({ category: ['network'], action: 'network-connection' });
    expect(valueAt(ecs, 'destination.port')).toBe(Number(raw.DestinationPort));
    expect(valueAt(ecs, 'destination.ip')).toBe(raw.DestinationIp);
    expect(valueAt(ecs, 'network.transport')).toBe(raw.Protocol);
    expect(valueAt(ecs, 'winlog.event_data.Initiated')).toBe(String(raw.Initiated));
    expect(valueAt(ecs, 'network.direction')).toBe(String(raw.Initiated) === 'true' ? 'egress' : 'ingress');
  });

  it('Sysmon 10: the source process is process.*, the target stays raw', () => {
    const raw = sample('microsoft-windows-sysmon/operational|10');
    const ecs = norm('microsoft-windows-sysmon/operational|10');
    expect(ecs.process).toMatchObject({ executable: raw.SourceImage, pid: Number(raw.SourceProcessId), thread: { id: Number(raw.SourceThreadId) } });
    expect(valueAt(ecs, 'winlog.event_data.TargetImage')).toBe(raw.TargetImage);
    expect(valueAt(ecs, 'winlog.event_data.GrantedAccess')).toBe(raw.GrantedAccess);
  });

  it('Sysmon 7: the loaded image goes to dll.*', () => {
    const raw = sample('microsoft-windows-sysmon/operational|7');
    const ecs = norm('microsoft-windows-sysmon/operational|7');
    expect(ecs.event).toMatchObject({ category: ['library'], action: 'image-loaded' });
    expect(valueAt(ecs, 'dll.path')).toBe(raw.ImageLoaded);
    expect(valueAt(ecs, 'dll.name')).toBe(String(raw.ImageLoaded).split('\\').pop());
    expect(valueAt(ecs, 'dll.code_signature.signed')).toBe(String(raw.Signed) === 'true');
    expect(valueAt(ecs, 'winlog.event_data.Signed')).toBe(String(raw.Signed));
  });

  it('Sysmon 22: the query and the resolved addresses', () => {
    const raw = sample('microsoft-windows-sysmon/operational|22');
    const ecs = norm('microsoft-windows-sysmon/operational|22');
    expect(valueAt(ecs, 'dns.question.name')).toBe(raw.QueryName);
    expect(valueAt(ecs, 'network.protocol')).toBe('dns');
    expect(valueAt(ecs, 'winlog.event_data.QueryResults')).toBe(raw.QueryResults);
  });

  it('PowerShell 4104: the script block in powershell.*', () => {
    const raw = sample('microsoft-windows-powershell/operational|4104');
    const ecs = norm('microsoft-windows-powershell/operational|4104');
    expect(ecs.event.dataset).toBe('windows.powershell_operational');
    expect(valueAt(ecs, 'powershell.file.script_block_text')).toBe(raw.ScriptBlockText);
    // GUID-shaped values are canonical ({UPPER-CASE}) so ids join across renderers.
    expect(valueAt(ecs, 'powershell.file.script_block_id')).toBe(`{${String(raw.ScriptBlockId).toUpperCase()}}`);
    expect(valueAt(ecs, 'powershell.sequence')).toBe(Number(raw.MessageNumber));
  });

  it('Windows PowerShell 400: the classic log, its details only in the message', () => {
    const raw = sample('windows powershell|400');
    const ecs = norm('windows powershell|400');
    expect(ecs.event).toMatchObject({ dataset: 'windows.powershell', action: 'engine-started' });
    expect(ecs.message).toBe(raw.Message);
  });

  it('reads NXLog\'s zone-less EventTime in the configured zone, by default Asia/Ho_Chi_Minh', () => {
    const text = fixtureText('sysmon-1.nxlog.json');
    expect(JSON.parse(text).EventTime).toBe('2020-09-21 18:58:58');
    expect(normalizeWindowsEvent(text, { timeZone: NXLOG_ZONE }).event.created).toBe('2020-09-21T22:58:58.000Z');
    expect(normalizeWindowsEvent(text, { timeZone: '-04:00' }).event.created).toBe('2020-09-21T22:58:58.000Z');
    expect(normalizeWindowsEvent(text).event.created).toBe('2020-09-21T11:58:58.000Z');
    // Sysmon's own UtcTime is zone-free: @timestamp does not depend on the option.
    expect(normalizeWindowsEvent(text)['@timestamp']).toBe('2020-09-21T22:58:58.735Z');
  });
});
