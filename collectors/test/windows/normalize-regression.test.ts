import { normalizeWindowsEvent, windowsDataset } from '../../src/windows';
import type { RegressionCase } from './support/shared-data';
import { leaves, loadRegressionCases, valueAt } from './support/shared-data';

const cases: RegressionCase[] = loadRegressionCases();
const events = cases.flatMap((c) => c.events.map((raw, i) => ({ c, i, raw })));

function system(raw: Record<string, unknown>): Record<string, unknown> {
  return (raw.Event as Record<string, Record<string, unknown>>).System;
}
function eventData(raw: Record<string, unknown>): Record<string, unknown> {
  return ((raw.Event as Record<string, unknown>).EventData as Record<string, unknown> | null) ?? {};
}
function attribute(node: unknown, name: string): unknown {
  return ((node as Record<string, Record<string, unknown>>)['#attributes'] ?? {})[name];
}

describe('normalizeWindowsEvent on every sigma-regression event (evtx_dump JSON)', () => {
  it('reads every case and every event of the index', () => {
    expect(cases.length).toBeGreaterThanOrEqual(141);
    for (const c of cases) expect(c.events).toHaveLength(c.eventCount);
  });

  it.each(events.map((e) => [`${e.c.eventFile}#${e.i}`, e] as const))('%s', (_name, { raw }) => {
    const sys = system(raw);
    const ecs = normalizeWindowsEvent(raw);
    const winlog = ecs.winlog as Record<string, unknown>;

    expect(ecs.event.code).toBe(String(sys.EventID));
    expect(winlog.event_id).toBe(Number(sys.EventID));
    expect(ecs.event.module).toBe('windows');
    expect(ecs.event.dataset).toBe(windowsDataset(String(sys.Channel)));
    expect(ecs.event.provider).toBe(attribute(sys.Provider, 'Name'));
    expect(ecs.event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(ecs.host?.name).toBe(sys.Computer);
    expect(winlog.channel).toBe(sys.Channel);
    expect(winlog.record_id).toBe(String(sys.EventRecordID));
    expect(valueAt(winlog, 'process.pid')).toBe(attribute(sys.Execution, 'ProcessID'));
    expect(ecs['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const systemTime = new Date(String(attribute(sys.TimeCreated, 'SystemTime'))).getTime();
    // Sysmon's UtcTime is the action's time, a few ms before the record was written.
    expect(Math.abs(Date.parse(ecs['@timestamp']) - systemTime)).toBeLessThan(60_000);

    // Nothing of EventData is lost: each value is still in event_data or became an ECS value.
    const kept = (winlog.event_data ?? {}) as Record<string, unknown>;
    const ecsLeaves = leaves(ecs).map((v) => String(v).toLowerCase());
    for (const [key, value] of Object.entries(eventData(raw))) {
      if (key === '#attributes' || value === null || value === '') continue;
      const text = String(value).toLowerCase();
      const where = key in kept ? String(kept[key]).toLowerCase() : ecsLeaves.find((l) => l === text || l === `{${text}}`);
      expect({ key, found: where?.replace(/[{}]/g, '') }).toEqual({ key, found: text.replace(/[{}]/g, '') });
    }
  });

  it('is deterministic: the same record gets the same event.id, another record another id', () => {
    const [a, b] = events;
    expect(normalizeWindowsEvent(a.raw).event.id).toBe(normalizeWindowsEvent(structuredClone(a.raw)).event.id);
    expect(normalizeWindowsEvent(a.raw).event.id).not.toBe(normalizeWindowsEvent(b.raw).event.id);
  });
});

function caseEvent(ruleId: string): Record<string, unknown> {
  const found = cases.find((c) => c.ruleId === ruleId);
  if (!found) throw new Error(`no regression case ${ruleId}`);
  return found.events[0];
}

describe('normalized layout of selected regression events', () => {
  it('Sysmon 1 becomes process.*, user.*, hashes, with the lossy raw fields kept', () => {
    const ecs = normalizeWindowsEvent(caseEvent('056c7317-9a09-4bd4-9067-d051312752ea'));
    expect(ecs['@timestamp']).toBe('2025-10-25T17:38:32.006Z');
    expect(ecs.event).toMatchObject({ category: ['process'], type: ['start'], action: 'process-started', dataset: 'windows.sysmon_operational' });
    expect(ecs.process).toEqual({
      entity_id: '{5AA13A44-0B18-68FD-6336-000000004002}',
      pid: 7232,
      executable: 'C:\\Windows\\System32\\conhost.exe',
      name: 'conhost.exe',
      command_line: 'conhost  --headless powershell calc',
      working_directory: 'C:\\Users\\Administrator\\Downloads\\',
      parent: {
        entity_id: '{5AA13A44-08B2-68FD-2136-000000004002}',
        pid: 3204,
        executable: 'C:\\Windows\\System32\\cmd.exe',
        name: 'cmd.exe',
        command_line: '"C:\\Windows\\system32\\cmd.exe"',
      },
      pe: {
        file_version: '10.0.20348.4294 (WinBuild.160101.0800)',
        description: 'Console Window Host',
        product: 'Microsoft® Windows® Operating System',
        company: 'Microsoft Corporation',
        original_file_name: 'CONHOST.EXE',
        imphash: 'aff4d1ea89d0d66f7d04180143e61d12',
      },
      hash: {
        sha1: '061b747fba99b050d8874167aad6d1d790f8a3a8',
        md5: '7e13a7ea7bd3601760e3838d99e31710',
        sha256: 'd7714ecae976f14b3afa409ff5a3616e8d6d0cce8269e611d7835a7c12235d6b',
      },
    });
    expect(ecs.user).toEqual({ name: 'Administrator', domain: 'ATTACKRANGE' });
    expect(valueAt(ecs, 'winlog.event_data')).toMatchObject({
      User: 'ATTACKRANGE\\Administrator',
      TerminalSessionId: '2',
      IntegrityLevel: 'High',
      Hashes: expect.stringContaining('IMPHASH=AFF4D1EA89D0D66F7D04180143E61D12'),
    });
    expect(valueAt(ecs, 'winlog.event_data.Image')).toBeUndefined();
  });

  it('TaskScheduler 142 keeps its data and drops the EventData element attributes', () => {
    const ecs = normalizeWindowsEvent(caseEvent('9e3cb244-bdb8-4632-8c90-6079c8f4f16d'));
    expect(ecs.event).toMatchObject({ dataset: 'windows.taskscheduler_operational', action: 'scheduled-task-disabled' });
    expect(valueAt(ecs, 'winlog.event_data')).toEqual({ TaskName: '\\Microsoft\\Windows\\SystemRestore\\SR', UserName: 'System' });
  });

  it('WMI 5858 keeps UserData under winlog.user_data with its element name', () => {
    const ecs = normalizeWindowsEvent(caseEvent('d4f1a2b3-7c8e-4d5f-b6a9-1e0c2d3f4e5b'));
    expect(ecs.event.dataset).toBe('windows.wmi_activity_operational');
    expect(valueAt(ecs, 'winlog.user_data.xml_name')).toBe('Operation_ClientFailure');
    expect(valueAt(ecs, 'winlog.user_data.Operation')).toContain('Win32_NTEventlogFile');
    expect(valueAt(ecs, 'winlog.user_data.ClientProcessId')).toBe('25920');
    expect(valueAt(ecs, 'winlog.activity_id')).toBe('{8E521E2B-7C26-0001-417F-9C8E267CDB01}');
    expect(ecs.log).toEqual({ level: 'error' });
  });

  it('Sysmon 16 is a configuration change and keeps its fields raw', () => {
    const ecs = normalizeWindowsEvent(caseEvent('8ac03a65-6c84-4116-acad-dc1558ff7a77'));
    expect(ecs.event).toMatchObject({ code: '16', category: ['configuration'], type: ['change'], action: 'sysmon-config-changed' });
    expect(valueAt(ecs, 'winlog.event_data.ConfigurationFileHash')).toMatch(/^SHA256=/);
  });
});
