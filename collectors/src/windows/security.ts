// Security channel (Microsoft-Windows-Security-Auditing) to ECS. Every field is copied, never
// moved: Security rules name the raw fields (SubjectUserName, IpAddress, ProcessName …), and
// their values are often lossy in ECS (hex pids, `-` for none, device paths).
import type { EcsDoc } from './ecs-builder';
import { setPath, single } from './ecs-builder';
import type { FieldRules } from './field-rules';
import { applyFieldRules, copy } from './field-rules';
import type { EventDataValue } from './raw-event';
import type { Categorization } from './sysmon';

const C = (category: string[] | undefined, type: string[], action: string, outcome?: 'success' | 'failure'): Categorization => ({
  category,
  type,
  action,
  outcome,
});
const auth = (action: string, outcome?: 'success' | 'failure') => C(['authentication'], ['start'], action, outcome);
const user = (type: string, action: string) => C(['iam'], ['user', type], action);
const group = (type: string, action: string) => C(['iam'], ['group', type], action);

/** Security event id → categorization (the ids Sigma rules and SOC dashboards use most). */
export const SECURITY_EVENTS: Readonly<Record<number, Categorization>> = {
  1102: C(['iam'], ['admin', 'change'], 'audit-log-cleared'),
  4616: C(['host'], ['change'], 'system-time-changed'),
  4624: auth('logged-in', 'success'),
  4625: auth('logon-failed', 'failure'),
  4634: C(['session'], ['end'], 'logged-out'),
  4647: C(['session'], ['end'], 'logged-out'),
  4648: auth('logged-in-explicit'),
  4656: C(['file'], ['access'], 'object-handle-requested'),
  4657: C(['configuration', 'registry'], ['change'], 'registry-value-modified'),
  4662: C(['iam'], ['access'], 'directory-object-operation'),
  4663: C(['file'], ['access'], 'object-accessed'),
  4670: C(['iam'], ['change'], 'permissions-changed'),
  4672: C(['iam'], ['admin'], 'special-privileges-assigned'),
  4673: C(['iam'], ['access'], 'privileged-service-called'),
  4674: C(['iam'], ['access'], 'privileged-object-operation'),
  4688: C(['process'], ['start'], 'process-started'),
  4689: C(['process'], ['end'], 'process-terminated'),
  4697: C(['configuration', 'iam'], ['creation', 'admin'], 'service-installed'),
  4698: C(['configuration'], ['creation'], 'scheduled-task-created'),
  4699: C(['configuration'], ['deletion'], 'scheduled-task-deleted'),
  4700: C(['configuration'], ['change'], 'scheduled-task-enabled'),
  4701: C(['configuration'], ['change'], 'scheduled-task-disabled'),
  4702: C(['configuration'], ['change'], 'scheduled-task-updated'),
  4719: C(['configuration'], ['change'], 'audit-policy-changed'),
  4720: user('creation', 'user-account-created'),
  4722: user('change', 'user-account-enabled'),
  4723: user('change', 'password-change-attempted'),
  4724: user('change', 'password-reset-attempted'),
  4725: user('change', 'user-account-disabled'),
  4726: user('deletion', 'user-account-deleted'),
  4728: group('change', 'group-member-added'),
  4729: group('change', 'group-member-removed'),
  4732: group('change', 'group-member-added'),
  4733: group('change', 'group-member-removed'),
  4738: user('change', 'user-account-changed'),
  4740: user('change', 'user-account-locked'),
  4741: C(['iam'], ['creation'], 'computer-account-created'),
  4742: C(['iam'], ['change'], 'computer-account-changed'),
  4743: C(['iam'], ['deletion'], 'computer-account-deleted'),
  4756: group('change', 'group-member-added'),
  4757: group('change', 'group-member-removed'),
  4767: user('change', 'user-account-unlocked'),
  4768: auth('kerberos-tgt-requested'),
  4769: auth('kerberos-service-ticket-requested'),
  4770: auth('kerberos-service-ticket-renewed'),
  4771: auth('kerberos-preauth-failed', 'failure'),
  4776: auth('credentials-validated'),
  4778: C(['session'], ['start'], 'session-reconnected'),
  4779: C(['session'], ['end'], 'session-disconnected'),
  4798: user('info', 'group-membership-enumerated'),
  4799: group('info', 'group-membership-enumerated'),
  5136: C(['iam'], ['change'], 'directory-object-modified'),
  5140: C(['network', 'file'], ['access'], 'network-share-accessed'),
  5145: C(['network', 'file'], ['access'], 'network-share-object-checked'),
  5156: C(['network'], ['connection', 'allowed'], 'network-connection-allowed'),
  5157: C(['network'], ['connection', 'denied'], 'network-connection-blocked'),
  5158: C(['network'], ['allowed'], 'port-bind-allowed'),
};

// Events whose account of interest is the target (the one logging on), not the subject
// (the service that logged it).
const TARGET_USER_EVENTS = new Set([4624, 4625, 4634, 4647, 4768, 4769, 4770, 4771, 4776, 4778, 4779]);

const COMMON: FieldRules = {
  ProcessName: copy('process.executable'),
  ProcessId: copy('process.pid', 'int'),
  ProcessID: copy('process.pid', 'int'),
  Application: copy('process.executable'),
  IpAddress: copy('source.ip', 'ip'),
  IpPort: copy('source.port', 'port'),
  SourceAddress: copy('source.ip', 'ip'),
  SourcePort: copy('source.port', 'port'),
  DestAddress: copy('destination.ip', 'ip'),
  DestPort: copy('destination.port', 'port'),
  ServiceName: copy('service.name'),
  SubjectLogonId: copy('winlog.logon.id'),
  TargetLogonId: copy('winlog.logon.id'),
  LogonType: copy('winlog.logon.type'),
};

// 4688: the new process is NewProcess*, ProcessId is its creator.
const PROCESS_CREATED: FieldRules = {
  NewProcessName: copy('process.executable'),
  NewProcessId: copy('process.pid', 'int'),
  ProcessId: copy('process.parent.pid', 'int'),
  ParentProcessName: copy('process.parent.executable'),
  CommandLine: copy('process.command_line'),
  SubjectLogonId: copy('winlog.logon.id'),
};

/** Maps a Security event's data into `doc`; event data is left whole. */
export function mapSecurity(doc: EcsDoc, eventId: number, data: Record<string, EventDataValue>): void {
  applyFieldRules(doc, data, eventId === 4688 ? PROCESS_CREATED : COMMON);
  const targetFirst = TARGET_USER_EVENTS.has(eventId);
  const [first, second] = targetFirst ? ['Target', 'Subject'] : ['Subject', 'Target'];
  const name = account(data, `${first}UserName`) ? first : account(data, `${second}UserName`) ? second : undefined;
  if (name) {
    setPath(doc, 'user.name', account(data, `${name}UserName`));
    setPath(doc, 'user.domain', account(data, `${name}DomainName`));
    setPath(doc, 'user.id', account(data, `${name}UserSid`));
  }
  const workstation = account(data, 'WorkstationName') ?? account(data, 'Workstation');
  setPath(doc, 'source.domain', workstation);
  const direction = single(data.Direction);
  setPath(doc, 'network.direction', direction === '%%14593' ? 'egress' : direction === '%%14592' ? 'ingress' : undefined);
  const protocol = single(data.Protocol);
  if (protocol && /^\d+$/.test(protocol)) {
    setPath(doc, 'network.iana_number', protocol);
    setPath(doc, 'network.transport', IANA_TRANSPORTS[protocol]);
  }
}

const IANA_TRANSPORTS: Readonly<Record<string, string>> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp' };

// Windows writes `-` (or the NULL SID) where there is no account.
function account(data: Record<string, EventDataValue>, name: string): string | undefined {
  const v = single(data[name]);
  return v && v !== '-' && v !== 'S-1-0-0' ? v : undefined;
}
