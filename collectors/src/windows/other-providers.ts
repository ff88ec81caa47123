// PowerShell, the Service Control Manager and a few other providers Sigma rules watch. Only
// fields whose ECS form is their text move; everything else stays in event_data.
import type { EcsDoc } from './ecs-builder';
import type { FieldRules } from './field-rules';
import { applyFieldRules, copy, move } from './field-rules';
import type { EventDataValue } from './raw-event';
import type { Categorization } from './sysmon';

const C = (category: string[] | undefined, type: string[], action: string): Categorization => ({ category, type, action });

/** Providers (lower-case) of PowerShell's operational logs, Windows PowerShell and PowerShell 7. */
export const POWERSHELL_PROVIDERS = new Set(['microsoft-windows-powershell', 'powershellcore']);

/** Categorization by provider family and event id. */
export const OTHER_EVENTS: Readonly<Record<string, Readonly<Record<number, Categorization>>>> = {
  powershell: {
    4103: C(['process'], ['info'], 'pipeline-executed'),
    4104: C(['process'], ['info'], 'script-block-logged'),
    4105: C(['process'], ['info'], 'script-block-started'),
    4106: C(['process'], ['info'], 'script-block-completed'),
  },
  // Windows PowerShell's classic log ("Windows PowerShell" channel, provider "PowerShell").
  'powershell-classic': {
    400: C(['process'], ['info'], 'engine-started'),
    403: C(['process'], ['info'], 'engine-stopped'),
    600: C(['process'], ['info'], 'provider-started'),
    800: C(['process'], ['info'], 'pipeline-executed'),
  },
  'service-control-manager': {
    7034: C(['process'], ['end'], 'service-crashed'),
    7036: C(['process'], ['change'], 'service-state-changed'),
    7040: C(['configuration'], ['change'], 'service-start-type-changed'),
    7045: C(['configuration'], ['creation'], 'service-installed'),
  },
  taskscheduler: {
    106: C(['configuration'], ['creation'], 'scheduled-task-created'),
    140: C(['configuration'], ['change'], 'scheduled-task-updated'),
    141: C(['configuration'], ['deletion'], 'scheduled-task-deleted'),
    142: C(['configuration'], ['change'], 'scheduled-task-disabled'),
  },
  'windows-defender': {
    1116: C(['malware', 'intrusion_detection'], ['info'], 'malware-detected'),
    1117: C(['malware', 'intrusion_detection'], ['info'], 'malware-action-taken'),
    5001: C(['configuration'], ['change'], 'realtime-protection-disabled'),
    5007: C(['configuration'], ['change'], 'configuration-changed'),
  },
};

/** PowerShell 4104 (script block logging) fields with an ECS home in Winlogbeat's powershell module. */
export const POWERSHELL_FIELDS: FieldRules = {
  ScriptBlockText: move('powershell.file.script_block_text'),
  ScriptBlockId: move('powershell.file.script_block_id'),
  MessageNumber: { to: 'powershell.sequence', as: 'int' },
  MessageTotal: { to: 'powershell.total', as: 'int' },
  Path: move('file.path'),
};

const SERVICE_FIELDS: FieldRules = { ServiceName: copy('service.name') };

/** The provider family of an event, the key of OTHER_EVENTS. */
export function providerFamily(provider: string | undefined, channel: string | undefined): string | undefined {
  const p = (provider ?? '').toLowerCase();
  if (POWERSHELL_PROVIDERS.has(p)) return 'powershell';
  if (p === 'powershell' || (channel ?? '').toLowerCase() === 'windows powershell') return 'powershell-classic';
  if (p === 'service control manager') return 'service-control-manager';
  if (p === 'microsoft-windows-taskscheduler') return 'taskscheduler';
  if (p === 'microsoft-windows-windows defender') return 'windows-defender';
  return undefined;
}

/** Maps the data of a provider family with ECS fields; other families keep all their data. */
export function mapOtherProvider(doc: EcsDoc, family: string | undefined, eventId: number, data: Record<string, EventDataValue>): void {
  if (family === 'powershell' && eventId === 4104) applyFieldRules(doc, data, POWERSHELL_FIELDS);
  if (family === 'service-control-manager') applyFieldRules(doc, data, SERVICE_FIELDS);
}
