// The Windows pipeline and the Windows normalizer must agree: for every field a Windows event
// carries, the pipeline's `field(<Sigma name>)` for the event's logsource must lead to exactly
// where the normalizer put that value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@halong/collectors';
import type { LogsourceMapping } from '../../src/mapping';
import { loadPipeline } from '../../src/mapping';
import type { SigmaLogsource } from '../../src/sigma/types';
import { valuesAt } from './support/evaluate';
import { COLLECTOR_FIXTURES, regressionEvents } from './support/regression';

const mapper = loadPipeline();

function mappingFor(logsource: SigmaLogsource): LogsourceMapping {
  const m = mapper.forLogsource(logsource);
  if ('code' in m) throw new Error(m.message);
  return m;
}

// Values compare in their text form; GUIDs are compared without braces and case (the
// normalizer writes them as {UPPER-CASE} whichever way the renderer did).
function same(raw: unknown, normalized: unknown): boolean {
  const text = (v: unknown): string => {
    const s = String(v);
    return /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(s) ? s.replace(/[{}]/g, '').toUpperCase() : s;
  };
  return text(raw) === text(normalized);
}

/** The fields of `data` whose value cannot be found through `mapping.field(name)`. */
function unreachable(mapping: LogsourceMapping, event: unknown, data: Record<string, unknown>): string[] {
  const misses: string[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (name === '#attributes' || name === 'xmlns') continue;
    const paths = mapping.field(name);
    const found = paths.flatMap((p) => valuesAt(event, p));
    // Sigma's null matches an absent field and an empty one alike.
    const empty = value === null || value === '';
    const expected = Array.isArray(value) ? value : [value];
    if (empty ? found.some((f) => f !== '') : !expected.every((v) => found.some((f) => same(v, f)))) {
      misses.push(`${name}=${JSON.stringify(value)} → ${paths.join(' | ')} = ${JSON.stringify(found)}`);
    }
  }
  return misses;
}

describe('round trip on the sigma-regression events: field(EventData key) finds its value', () => {
  const events = regressionEvents();

  it.each(events.map((e) => [`${e.eventFile}#${e.index} (${JSON.stringify(e.logsource)})`, e] as const))('%s', (_name, e) => {
    const mapping = mappingFor(e.logsource);
    const ecs = normalizeWindowsEvent(e.raw);
    const { EventData, UserData, System } = e.raw.Event;
    expect(unreachable(mapping, ecs, EventData ?? {})).toEqual([]);
    for (const inner of Object.values(UserData ?? {})) {
      expect(unreachable(mapping, ecs, inner as Record<string, unknown>)).toEqual([]);
    }
    const provider = (System.Provider as { '#attributes': { Name: string } })['#attributes'].Name;
    expect(unreachable(mapping, ecs, { EventID: System.EventID, Channel: System.Channel, Computer: System.Computer, Provider_Name: provider })).toEqual([]);
  });

  it('checks a field the normalizer moves, so the test can fail', () => {
    const e = events.find((x) => x.logsource.category === 'process_creation');
    if (!e) throw new Error('no process_creation case');
    const ecs = normalizeWindowsEvent(e.raw);
    const wrong = { ...mappingFor(e.logsource), field: (name: string) => [`winlog.event_data.${name}`] };
    expect(unreachable(wrong, ecs, { Image: e.raw.Event.EventData?.Image })).toHaveLength(1);
  });
});

// NXLog records of every kind the security-datasets hold, with the logsource a rule for them names.
const NXLOG_ENVELOPE = new Set([
  'EventTime', 'EventReceivedTime', 'Hostname', 'Keywords', 'SeverityValue', 'Severity', 'EventID', 'SourceName', 'ProviderGuid',
  'Version', 'Task', 'OpcodeValue', 'Opcode', 'RecordNumber', 'ActivityID', 'ExecutionProcessID', 'ThreadID', 'Channel', 'Domain',
  'AccountName', 'UserID', 'AccountType', 'Category', 'Message', 'SourceModuleName', 'SourceModuleType', 'ERROR_EVT_UNRESOLVED',
  'EventTypeOrignal', 'EventType', 'Level', 'TimeCreated', '@timestamp', '@version', 'host', 'port', 'tags',
]);
const SYSMON_CATEGORY: Record<number, string> = {
  1: 'process_creation', 3: 'network_connection', 5: 'process_termination', 7: 'image_load', 8: 'create_remote_thread',
  9: 'raw_access_thread', 10: 'process_access', 11: 'file_event', 12: 'registry_event', 13: 'registry_set', 17: 'pipe_created',
  18: 'pipe_created', 22: 'dns_query', 23: 'file_delete', 24: 'clipboard_capture',
};
const CHANNEL_LOGSOURCE: Record<string, (id: number) => SigmaLogsource> = {
  'microsoft-windows-sysmon/operational': (id) => ({ product: 'windows', category: SYSMON_CATEGORY[id] }),
  security: () => ({ product: 'windows', service: 'security' }),
  'microsoft-windows-powershell/operational': (id) => ({ product: 'windows', ...(id === 4104 ? { category: 'ps_script' } : id === 4103 ? { category: 'ps_module' } : { service: 'powershell' }) }),
  'windows powershell': (id) => ({ product: 'windows', category: { 400: 'ps_classic_start', 600: 'ps_classic_provider_start', 800: 'ps_classic_script' }[id] }),
  system: () => ({ product: 'windows', service: 'system' }),
  'microsoft-windows-taskscheduler/operational': () => ({ product: 'windows', service: 'taskscheduler' }),
  'microsoft-windows-wmi-activity/operational': () => ({ product: 'windows', service: 'wmi' }),
};

describe('round trip on NXLog records from the security-datasets', () => {
  const lines = readFileSync(join(COLLECTOR_FIXTURES, 'nxlog-samples.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it.each(records.map((r) => [`${String(r.Channel)} ${String(r.EventID)}`, r] as const))('%s', (_name, record) => {
    const logsource = CHANNEL_LOGSOURCE[String(record.Channel).toLowerCase()](Number(record.EventID));
    const ecs = normalizeWindowsEvent(record, { timeZone: 'America/New_York' });
    const data = Object.fromEntries(Object.entries(record).filter(([k]) => !NXLOG_ENVELOPE.has(k)));
    expect(unreachable(mappingFor(logsource), ecs, data)).toEqual([]);
  });

  it('Security 4688 under process_creation: the Sysmon-named fields find the audit event\'s values', () => {
    const record = JSON.parse(readFileSync(join(COLLECTOR_FIXTURES, 'security-4688.nxlog.json'), 'utf8')) as Record<string, string>;
    const mapping = mappingFor({ product: 'windows', category: 'process_creation' });
    const ecs = normalizeWindowsEvent(record, { timeZone: 'America/New_York' });
    expect(mapping.field('Image').flatMap((p) => valuesAt(ecs, p))).toEqual([record.NewProcessName]);
    expect(mapping.field('ParentImage').flatMap((p) => valuesAt(ecs, p))).toEqual([record.ParentProcessName]);
    expect(mapping.field('CommandLine').flatMap((p) => valuesAt(ecs, p))).toEqual([record.CommandLine]);
    expect(mapping.field('ProcessId').flatMap((p) => valuesAt(ecs, p))).toEqual([parseInt(record.NewProcessId, 16)]);
    expect(mapping.field('NewProcessName').flatMap((p) => valuesAt(ecs, p))).toEqual([record.NewProcessName]);
  });
});
