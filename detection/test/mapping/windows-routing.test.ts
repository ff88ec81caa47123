// Routing: a normalized event satisfies the conditions of its rule's logsource, and not those
// of Windows logsources that are about other events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@halong/collectors';
import type { LogsourceMapping } from '../../src/mapping';
import { loadPipeline } from '../../src/mapping';
import type { SigmaLogsource } from '../../src/sigma/types';
import { corpusLogsources, logsourceName } from './support/corpus';
import { satisfies } from './support/evaluate';
import { COLLECTOR_FIXTURES, regressionEvents } from './support/regression';

const mapper = loadPipeline();
function mappingFor(logsource: SigmaLogsource): LogsourceMapping {
  const m = mapper.forLogsource(logsource);
  if ('code' in m) throw new Error(m.message);
  return m;
}

// pySigma's sysmon pipeline: which Sysmon event ids each generic Windows category means.
const SYSMON_IDS: Record<string, number[]> = {
  process_creation: [1], file_change: [2], network_connection: [3], sysmon_status: [4, 16], process_termination: [5],
  driver_load: [6], image_load: [7], create_remote_thread: [8], raw_access_thread: [9], process_access: [10], file_event: [11],
  registry_add: [12], registry_delete: [12], registry_set: [13], registry_rename: [14], registry_event: [12, 13, 14],
  create_stream_hash: [15], pipe_created: [17, 18], wmi_event: [19, 20, 21], dns_query: [22], file_delete: [23, 26],
  clipboard_capture: [24], process_tampering: [25], file_executable_detected: [29], sysmon_error: [255],
};

const windowsLogsources = corpusLogsources()
  .map((c) => c.logsource)
  .filter((ls) => ls.product === 'windows');

/** The corpus's Windows logsources an event satisfies, by name. */
function satisfied(event: unknown): string[] {
  return windowsLogsources.filter((ls) => satisfies(event, mappingFor(ls).conditions)).map(logsourceName).sort();
}

describe('each regression event satisfies its rule\'s logsource, and only the ones about it', () => {
  const events = regressionEvents();

  it.each(events.map((e) => [`${e.eventFile}#${e.index}`, e] as const))('%s', (_name, e) => {
    const ecs = normalizeWindowsEvent(e.raw);
    expect(satisfies(ecs, mappingFor(e.logsource).conditions)).toBe(true);

    const id = Number(e.raw.Event.System.EventID);
    const channel = String(e.raw.Event.System.Channel);
    const expected =
      channel === 'Microsoft-Windows-Sysmon/Operational'
        ? [
            'windows||',
            'windows||sysmon',
            ...Object.entries(SYSMON_IDS)
              .filter(([category, ids]) => ids.includes(id) && windowsLogsources.some((ls) => ls.category === category))
              .map(([category]) => `windows|${category}|`),
          ]
        : ['windows||', `windows||${logsourceName(e.logsource).split('|')[2]}`];
    expect(satisfied(ecs)).toEqual(expected.sort());
  });
});

describe('routing of NXLog records', () => {
  const record = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(COLLECTOR_FIXTURES, file), 'utf8'));
  const samples = readFileSync(join(COLLECTOR_FIXTURES, 'nxlog-samples.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const sample = (channel: string, id: number) => {
    const s = samples.find((x) => String(x.Channel).toLowerCase() === channel && x.EventID === id);
    if (!s) throw new Error(`no sample ${channel} ${id}`);
    return normalizeWindowsEvent(s, { timeZone: 'America/New_York' });
  };

  it('Security 4688 feeds process_creation rules as well as Security rules', () => {
    expect(satisfied(normalizeWindowsEvent(record('security-4688.nxlog.json')))).toEqual(['windows|process_creation|', 'windows||', 'windows||security'].sort());
  });

  it('Security 4624 only feeds Security rules', () => {
    expect(satisfied(sample('security', 4624))).toEqual(['windows||', 'windows||security']);
  });

  it('PowerShell 4104 feeds script block rules (the corpus has no service: powershell rule)', () => {
    expect(satisfied(sample('microsoft-windows-powershell/operational', 4104))).toEqual(['windows|ps_script|', 'windows||'].sort());
    expect(satisfies(sample('microsoft-windows-powershell/operational', 4104), mappingFor({ product: 'windows', service: 'powershell' }).conditions)).toBe(true);
  });

  it('classic PowerShell 400 feeds ps_classic_start and powershell-classic rules', () => {
    expect(satisfied(sample('windows powershell', 400))).toEqual(['windows|ps_classic_start|', 'windows||', 'windows||powershell-classic'].sort());
  });
});
