// Sysmon (Microsoft-Windows-Sysmon/Operational) to ECS, following Winlogbeat's sysmon module
// where ECS has a field, with two deliberate differences: loaded images (event 7) go to `dll.*`,
// ECS's fieldset for libraries, and raw values that ECS splits or parses are kept in event_data.
import type { EcsDoc } from './ecs-builder';
import { appendTo, ecsIp, fileParts, parseHashes, setPath, single, splitUser } from './ecs-builder';
import type { FieldRules } from './field-rules';
import { applyFieldRules, copy, move } from './field-rules';
import type { EventDataValue } from './raw-event';

/** ECS categorization of one kind of event. */
export interface Categorization {
  category?: string[];
  type: string[];
  action: string;
  outcome?: 'success' | 'failure';
}

const C = (category: string[] | undefined, type: string[], action: string, outcome?: 'failure'): Categorization => ({
  category,
  type,
  action,
  outcome,
});

/** Sysmon event id → categorization. Actions are Halong's names (ECS leaves them to implementers). */
export const SYSMON_EVENTS: Readonly<Record<number, Categorization>> = {
  1: C(['process'], ['start'], 'process-started'),
  2: C(['file'], ['change'], 'file-creation-time-changed'),
  3: C(['network'], ['start', 'connection'], 'network-connection'),
  4: C(['configuration'], ['change'], 'sysmon-state-changed'),
  5: C(['process'], ['end'], 'process-terminated'),
  6: C(['driver'], ['start'], 'driver-loaded'),
  7: C(['library'], ['start'], 'image-loaded'),
  8: C(['process'], ['change'], 'remote-thread-created'),
  9: C(['process'], ['access'], 'raw-disk-read'),
  10: C(['process'], ['access'], 'process-accessed'),
  11: C(['file'], ['creation'], 'file-created'),
  12: C(['configuration', 'registry'], ['change'], 'registry-object-added-or-deleted'),
  13: C(['configuration', 'registry'], ['change'], 'registry-value-set'),
  14: C(['configuration', 'registry'], ['change'], 'registry-renamed'),
  15: C(['file'], ['creation'], 'file-stream-created'),
  16: C(['configuration'], ['change'], 'sysmon-config-changed'),
  17: C(['file'], ['creation'], 'pipe-created'),
  18: C(['file'], ['access'], 'pipe-connected'),
  19: C(['configuration'], ['change'], 'wmi-filter-activity'),
  20: C(['configuration'], ['change'], 'wmi-consumer-activity'),
  21: C(['configuration'], ['change'], 'wmi-binding-activity'),
  22: C(['network'], ['connection', 'protocol', 'info'], 'dns-query'),
  23: C(['file'], ['deletion'], 'file-deleted'),
  24: C(undefined, ['change'], 'clipboard-changed'),
  25: C(['process'], ['change'], 'process-tampering'),
  26: C(['file'], ['deletion'], 'file-delete-detected'),
  27: C(['file'], ['creation', 'denied'], 'file-block-executable', 'failure'),
  28: C(['file'], ['deletion', 'denied'], 'file-block-shredding', 'failure'),
  29: C(['file'], ['creation'], 'file-executable-detected'),
  255: C(['configuration'], ['error'], 'sysmon-error', 'failure'),
};

// Sysmon 12's EventType says which registry operation it was.
const REGISTRY_12: Readonly<Record<string, Categorization>> = {
  CreateKey: C(['configuration', 'registry'], ['creation'], 'registry-key-created'),
  DeleteKey: C(['configuration', 'registry'], ['deletion'], 'registry-key-deleted'),
  DeleteValue: C(['configuration', 'registry'], ['deletion'], 'registry-value-deleted'),
};

/** Fields with the same meaning in every Sysmon event that has them. */
export const SYSMON_FIELDS: FieldRules = {
  ProcessGuid: move('process.entity_id'),
  ProcessId: { to: 'process.pid', as: 'int' },
  Image: move('process.executable'),
  CommandLine: move('process.command_line'),
  CurrentDirectory: move('process.working_directory'),
  ParentProcessGuid: move('process.parent.entity_id'),
  ParentProcessId: { to: 'process.parent.pid', as: 'int' },
  ParentImage: move('process.parent.executable'),
  ParentCommandLine: move('process.parent.command_line'),
  SourceProcessGuid: move('process.entity_id'),
  SourceProcessGUID: move('process.entity_id'),
  SourceProcessId: { to: 'process.pid', as: 'int' },
  SourceThreadId: { to: 'process.thread.id', as: 'int' },
  SourceImage: move('process.executable'),
  TargetFilename: move('file.path'),
  Device: move('file.path'),
  PipeName: move('file.name'),
  TargetObject: move('registry.path'),
  QueryName: move('dns.question.name'),
  Protocol: move('network.transport'),
  SourceIp: { to: 'source.ip', as: 'ip' },
  SourceHostname: move('source.domain'),
  SourcePort: { to: 'source.port', as: 'port' },
  DestinationIp: { to: 'destination.ip', as: 'ip' },
  DestinationHostname: move('destination.domain'),
  DestinationPort: { to: 'destination.port', as: 'port' },
  DestinationPortName: move('network.protocol'),
};

// The PE metadata and signature fields name the process in event 1 and the loaded image in 6/7.
const peFields = (prefix: string): FieldRules => ({
  FileVersion: move(`${prefix}.pe.file_version`),
  Description: move(`${prefix}.pe.description`),
  Product: move(`${prefix}.pe.product`),
  Company: move(`${prefix}.pe.company`),
  OriginalFileName: move(`${prefix}.pe.original_file_name`),
});
const signature = (prefix: string): FieldRules => ({
  Signed: copy(`${prefix}.code_signature.signed`, 'bool'),
  Signature: move(`${prefix}.code_signature.subject_name`),
  SignatureStatus: move(`${prefix}.code_signature.status`),
});

/** Per-event-id fields whose ECS home depends on the event. */
export const SYSMON_FIELDS_BY_ID: Readonly<Record<number, FieldRules>> = {
  1: peFields('process'),
  6: { ImageLoaded: move('file.path'), ...signature('file') },
  7: { ImageLoaded: move('dll.path'), ...peFields('dll'), ...signature('dll') },
};

// Where the Hashes/Hash field of an event id describes: the process, the file or the library.
const HASH_OWNER: Readonly<Record<number, string>> = { 1: 'process', 6: 'file', 7: 'dll', 15: 'file', 23: 'file', 24: 'file', 26: 'file', 27: 'file', 28: 'file', 29: 'file' };

/** Categorization of a Sysmon event (event 12 refined by its EventType). */
export function sysmonCategorization(eventId: number, data: Record<string, EventDataValue>): Categorization | undefined {
  if (eventId === 12) return REGISTRY_12[single(data.EventType) ?? ''] ?? SYSMON_EVENTS[12];
  return SYSMON_EVENTS[eventId];
}

/** Maps a Sysmon event's data into `doc`; `data` keeps what has no ECS home, and the raw lossy fields. */
export function mapSysmon(doc: EcsDoc, eventId: number, data: Record<string, EventDataValue>): void {
  applyFieldRules(doc, data, { ...SYSMON_FIELDS, ...SYSMON_FIELDS_BY_ID[eventId] });
  const user = splitUser(single(data.User) ?? single(data.SourceUser));
  setPath(doc, 'user.name', user.name);
  setPath(doc, 'user.domain', user.domain);
  const hashes = parseHashes(single(data.Hashes) ?? single(data.Hash));
  const owner = HASH_OWNER[eventId];
  if (owner && Object.keys(hashes.hash).length > 0) setPath(doc, `${owner}.hash`, hashes.hash);
  if (owner && hashes.imphash) setPath(doc, `${owner}.pe.imphash`, hashes.imphash);
  if (eventId === 3) mapConnection(doc, data);
  if (eventId === 22) mapDnsResults(doc, data);
  if (eventId >= 12 && eventId <= 14) mapRegistry(doc, data);
}

function mapConnection(doc: EcsDoc, data: Record<string, EventDataValue>): void {
  const initiated = single(data.Initiated)?.toLowerCase();
  setPath(doc, 'network.direction', initiated === 'true' ? 'egress' : initiated === 'false' ? 'ingress' : undefined);
  const v6 = single(data.SourceIsIpv6)?.toLowerCase();
  setPath(doc, 'network.type', v6 === 'true' ? 'ipv6' : v6 === 'false' ? 'ipv4' : undefined);
}

// QueryResults: "type:  5 cname.example;::ffff:1.2.3.4;" — only the addresses become ECS.
function mapDnsResults(doc: EcsDoc, data: Record<string, EventDataValue>): void {
  const ips = (single(data.QueryResults) ?? '').split(';').map((s) => ecsIp(s.trim())).filter((ip): ip is string => !!ip);
  if (ips.length > 0) appendTo(doc, 'dns.resolved_ip', ...ips);
  setPath(doc, 'network.protocol', 'dns');
}

const HIVES: Readonly<Record<string, string>> = {
  HKEY_LOCAL_MACHINE: 'HKLM', HKLM: 'HKLM', HKEY_USERS: 'HKU', HKU: 'HKU', HKEY_CURRENT_USER: 'HKCU', HKCU: 'HKCU',
  HKEY_CLASSES_ROOT: 'HKCR', HKCR: 'HKCR', HKEY_CURRENT_CONFIG: 'HKCC', HKCC: 'HKCC',
};

function mapRegistry(doc: EcsDoc, data: Record<string, EventDataValue>): void {
  const path = (doc.registry as EcsDoc | undefined)?.path;
  if (typeof path === 'string') {
    const parts = path.split('\\');
    const hive = HIVES[parts[0].toUpperCase()];
    setPath(doc, 'registry.hive', hive);
    if (hive && parts.length > 1) setPath(doc, 'registry.key', parts.slice(1).join('\\'));
    const eventType = single(data.EventType);
    if (eventType === 'SetValue' || eventType === 'DeleteValue') setPath(doc, 'registry.value', parts[parts.length - 1]);
  }
  const details = single(data.Details);
  if (details) {
    setPath(doc, 'registry.data.strings', [details]);
    const type = /^DWORD \(/.test(details) ? 'REG_DWORD' : /^QWORD \(/.test(details) ? 'REG_QWORD' : /^Binary Data/.test(details) ? 'REG_BINARY' : 'REG_SZ';
    setPath(doc, 'registry.data.type', type);
  }
}

/** ECS file name/directory/extension derived from `file.path`, when it is a Windows path. */
export function deriveFileParts(doc: EcsDoc): void {
  const path = (doc.file as EcsDoc | undefined)?.path;
  if (typeof path !== 'string') return;
  const parts = fileParts(path);
  setPath(doc, 'file.name', parts.name);
  setPath(doc, 'file.directory', parts.directory);
  setPath(doc, 'file.extension', parts.extension);
}
