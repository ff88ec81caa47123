import { WindowsEventError, normalizeWindowsEvent } from '../../src/windows';
import { fixtureText } from './support/shared-data';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WindowsEventError);
    return (e as WindowsEventError).code;
  }
  return undefined;
}

describe('input that is not a Windows event', () => {
  it.each([
    ['text that is not JSON', '<Event xmlns="...">', 'HALONG_WINDOWS_NOT_JSON'],
    ['a JSON array', '[1, 2]', 'HALONG_WINDOWS_UNKNOWN_SHAPE'],
    ['a number', 42, 'HALONG_WINDOWS_UNKNOWN_SHAPE'],
    ['null', null, 'HALONG_WINDOWS_UNKNOWN_SHAPE'],
    ['a syslog-ish object', { message: 'sshd[1]: Accepted password', host: 'a' }, 'HALONG_WINDOWS_UNKNOWN_SHAPE'],
    ['an ECS event of another source', { '@timestamp': '2024-01-01T00:00:00Z', event: { dataset: 'zeek.conn' } }, 'HALONG_WINDOWS_UNKNOWN_SHAPE'],
  ])('rejects %s', (_name, input, code) => {
    expect(codeOf(() => normalizeWindowsEvent(input))).toBe(code);
  });

  it.each([
    ['evtx without EventID', { Event: { System: { Channel: 'Security' } } }],
    ['evtx with a text EventID', { Event: { System: { EventID: 'abc', Channel: 'Security' } } }],
    ['NXLog with an EventID beyond 16 bits', { EventID: 70000, Channel: 'Security', Hostname: 'h' }],
    ['Winlogbeat with a negative event_id', { winlog: { event_id: -1, channel: 'Security' } }],
  ])('rejects %s with HALONG_WINDOWS_BAD_EVENT_ID', (_name, input) => {
    expect(codeOf(() => normalizeWindowsEvent(input))).toBe('HALONG_WINDOWS_BAD_EVENT_ID');
  });

  it('rejects an unknown time zone before reading anything', () => {
    expect(codeOf(() => normalizeWindowsEvent(fixtureText('sysmon-1.nxlog.json'), { timeZone: 'Mars/Olympus_Mons' }))).toBe(
      'HALONG_WINDOWS_BAD_TIME_ZONE',
    );
  });

  it('accepts EventID written as evtx_dump does for classic providers ({#text, #attributes: {Qualifiers}})', () => {
    const ecs = normalizeWindowsEvent({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Service Control Manager', EventSourceName: 'Service Control Manager' } },
          EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 },
          Channel: 'System',
          Computer: 'dc1',
          TimeCreated: { '#attributes': { SystemTime: '2024-05-01T10:00:00.123456Z' } },
        },
        EventData: { ServiceName: 'evil', ImagePath: 'C:\\evil.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem' },
      },
    });
    expect(ecs.event).toMatchObject({ code: '7045', dataset: 'windows.system', action: 'service-installed', provider: 'Service Control Manager' });
    expect(ecs['@timestamp']).toBe('2024-05-01T10:00:00.123Z');
    expect(ecs.service).toEqual({ name: 'evil' });
    expect((ecs.winlog as Record<string, Record<string, unknown>>).event_data.ServiceName).toBe('evil');
  });

  it('reads unnamed <Data> lists (classic providers) as one multi-valued Data field', () => {
    const ecs = normalizeWindowsEvent({
      Event: {
        System: { Provider: { '#attributes': { Name: 'PowerShell' } }, EventID: 400, Channel: 'Windows PowerShell', Computer: 'ws1' },
        EventData: { Data: { '#text': ['Available', 'None', '\tNewEngineState=Available\r\n\tHostApplication=powershell.exe -enc AAA'] }, Binary: null },
      },
    });
    expect((ecs.winlog as Record<string, Record<string, unknown>>).event_data).toEqual({
      Data: ['Available', 'None', '\tNewEngineState=Available\r\n\tHostApplication=powershell.exe -enc AAA'],
    });
    expect(ecs.event.dataset).toBe('windows.powershell');
  });
});
