import { normalizeWindowsEvent } from '../../src/windows';
import { OTHER_EVENTS } from '../../src/windows/other-providers';
import { SECURITY_EVENTS } from '../../src/windows/security';
import { SYSMON_EVENTS } from '../../src/windows/sysmon';

function sysmon(eventId: number, data: Record<string, unknown>) {
  return normalizeWindowsEvent({
    Event: {
      System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: eventId, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws1' },
      EventData: data,
    },
  });
}

describe('ECS categorization', () => {
  it('only Sysmon 1 and Security 4688 are process starts (windows/process_creation routes on it)', () => {
    const tables = { sysmon: SYSMON_EVENTS, security: SECURITY_EVENTS, ...OTHER_EVENTS };
    const starts = Object.entries(tables).flatMap(([family, table]) =>
      Object.entries(table)
        .filter(([, c]) => c.category?.includes('process') && c.type.includes('start'))
        .map(([id]) => `${family}:${id}`),
    );
    expect(starts.sort()).toEqual(['security:4688', 'sysmon:1']);
  });

  it('actions are kebab-case, and each Sysmon event id has its own', () => {
    for (const table of [SYSMON_EVENTS, SECURITY_EVENTS, ...Object.values(OTHER_EVENTS)]) {
      for (const c of Object.values(table)) expect(c.action).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const sysmonActions = Object.values(SYSMON_EVENTS).map((c) => c.action);
    expect(new Set(sysmonActions).size).toBe(sysmonActions.length);
  });

  it('Sysmon 12 is refined by its EventType', () => {
    expect(sysmon(12, { EventType: 'CreateKey', TargetObject: 'HKLM\\SOFTWARE\\X' }).event).toMatchObject({ type: ['creation'], action: 'registry-key-created' });
    expect(sysmon(12, { EventType: 'DeleteValue', TargetObject: 'HKLM\\SOFTWARE\\X\\v' }).event).toMatchObject({ type: ['deletion'], action: 'registry-value-deleted' });
    // NXLog overwrites Sysmon's EventType with its own; the event still is a registry event.
    expect(sysmon(12, { TargetObject: 'HKLM\\SOFTWARE\\X' }).event).toMatchObject({ category: ['configuration', 'registry'], action: 'registry-object-added-or-deleted' });
  });

  it('Sysmon 13 splits the registry path and types the data', () => {
    const ecs = sysmon(13, { EventType: 'SetValue', TargetObject: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\evil', Details: 'DWORD (0x00000001)' });
    expect(ecs.registry).toEqual({
      path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\evil',
      hive: 'HKLM',
      key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\evil',
      value: 'evil',
      data: { strings: ['DWORD (0x00000001)'], type: 'REG_DWORD' },
    });
    expect((ecs.winlog as Record<string, Record<string, unknown>>).event_data.Details).toBe('DWORD (0x00000001)');
  });

  it('a Sysmon value that does not convert stays raw instead of being lost', () => {
    const ecs = sysmon(3, { DestinationPort: '-', DestinationIp: 'not-an-ip', SourcePort: '443' });
    expect(ecs.destination).toBeUndefined();
    expect(ecs.source).toEqual({ port: 443 });
    expect((ecs.winlog as Record<string, Record<string, unknown>>).event_data).toEqual({ DestinationPort: '-', DestinationIp: 'not-an-ip' });
  });

  it('Security outcome comes from the audit keywords', () => {
    const security = (keywords: string) =>
      normalizeWindowsEvent({ Event: { System: { EventID: 4673, Channel: 'Security', Keywords: keywords, Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } } }, EventData: {} } });
    expect(security('0x8010000000000000').event.outcome).toBe('failure');
    expect(security('0x8020000000000000').event.outcome).toBe('success');
    expect(security('0x8000000000000000').event.outcome).toBeUndefined();
  });
});
