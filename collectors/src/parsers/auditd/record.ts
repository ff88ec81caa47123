// One audit.log line: `[node=NAME ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): key=value …`.
// The fields come out decoded (hex, ENRICHED names kept as they are, user-space `msg='…'`
// flattened) but not yet mapped: a record is one line, an event is the group sharing its id.
import { decodeUntrusted, tokenize } from './fields';

/** One parsed audit line. */
export interface AuditRecord {
  /** Record type name (`SYSCALL`, `EXECVE`, … ; numeric types of known records are named). */
  type: string;
  /** The `node=` prefix auditd adds when it forwards or names its host. */
  node?: string;
  /** Event time, epoch milliseconds. */
  time: number;
  serial: number;
  /** Identity of the event the record belongs to: node, time and serial. */
  id: string;
  /** Fields in line order, values decoded; a key may repeat. */
  fields: Array<[string, string]>;
}

const HEADER = /^(?:node=(\S+) )?type=(\S+) (?:msg=)?audit\((\d{1,12})\.(\d{1,9}):(\d{1,20})\):?[ \t]*/;

// The kernel's numbers for the records that come as numbers (dmesg, journald's `audit:` lines).
const TYPE_NAMES: Readonly<Record<string, string>> = {
  '1006': 'LOGIN',
  '1300': 'SYSCALL',
  '1302': 'PATH',
  '1305': 'CONFIG_CHANGE',
  '1306': 'SOCKADDR',
  '1307': 'CWD',
  '1309': 'EXECVE',
  '1320': 'EOE',
  '1327': 'PROCTITLE',
  '1400': 'AVC',
  '1700': 'ANOM_PROMISCUOUS',
  '1701': 'ANOM_ABEND',
};

// Fields the kernel or auditd write with audit_log_untrustedstring (hex when unsafe), as
// Filebeat's auditd module lists them, plus `key` (several rule keys are joined by 0x01).
const UNTRUSTED = new Set([
  'exe', 'cmd', 'data', 'path', 'comm', 'file', 'name', 'watch', 'cwd', 'acct', 'dir', 'vm', 'key',
  'old-chardev', 'new-chardev', 'old-disk', 'new-disk', 'old-fs', 'new-fs', 'old-net', 'new-net',
  'device', 'cgroup', 'apparmor', 'operation', 'denied_mask', 'info', 'profile', 'requested_mask',
  'old-rng', 'new-rng', 'ocomm', 'grp', 'new_group', 'invalid_context', 'sw', 'root_dir', 'proctitle',
]);

// Values auditd writes for "nothing"; Filebeat drops them too.
const NOTHING = new Set(['?', '(null)', '']);

const EXECVE_ARG = /^a\d+$/;
const EXECVE_CHUNK = /^(a\d+)\[(\d+)\]$/;

/** The record of an audit line, or undefined when the line is not one. */
export function readAuditLine(line: string): AuditRecord | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const [, node, rawType, seconds, fraction, serialText] = m as unknown as [string, string | undefined, string, string, string, string];
  const type = Object.hasOwn(TYPE_NAMES, rawType) ? TYPE_NAMES[rawType]! : rawType;
  const time = Number(seconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  const serial = Number(serialText);
  const id = `${node ?? ''}|${seconds}.${fraction}:${serialText}`;
  const body = line.slice(m[0].length);
  return { type, ...(node !== undefined ? { node } : {}), time, serial, id, fields: recordFields(type, body) };
}

function recordFields(type: string, body: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let rest = body;
  // SELinux AVCs open with `avc:  denied  { read } for  pid=…`: the verdict has no key.
  const avc = /^avc:\s+(denied|granted)\s+\{([^}]*)\}\s+for\s+/.exec(rest);
  if (avc) {
    out.push(['seresult', avc[1]!], ['seperms', avc[2]!.trim()]);
    rest = rest.slice(avc[0].length);
  }
  const chunks = new Map<string, Array<[number, string]>>();
  for (const token of tokenize(rest)) {
    if (token.kind !== 'pair') continue;
    if (token.key === 'msg' && token.quote === "'") {
      const inner = userMessage(token.value);
      if (inner.length > 0) {
        for (const { key, value, quote } of inner) push(out, type, key, value, quote);
        continue;
      }
    }
    const chunk = type === 'EXECVE' ? EXECVE_CHUNK.exec(token.key) : null;
    if (chunk) {
      const parts = chunks.get(chunk[1]!) ?? [];
      parts.push([Number(chunk[2]), token.value]);
      chunks.set(chunk[1]!, parts);
      continue;
    }
    push(out, type, token.key, token.value, token.quote);
  }
  // Arguments longer than a record are split as aN[0], aN[1] … (each hex or quoted alike).
  for (const [key, parts] of chunks) push(out, type, key, parts.sort((a, b) => a[0] - b[0]).map((p) => p[1]).join(''), '');
  return out;
}

function push(out: Array<[string, string]>, type: string, key: string, raw: string, quote: string): void {
  if (NOTHING.has(raw)) return;
  let value = raw;
  const untrusted = UNTRUSTED.has(key) || (type === 'EXECVE' && EXECVE_ARG.test(key));
  if (untrusted && quote === '') value = decodeUntrusted(raw);
  // A process title is argv joined by NULs: spaces read as the command line it was.
  if (key === 'proctitle') value = value.replace(/\0+$/, '').replace(/\0/g, ' ');
  out.push([key, value]);
}

// `msg='op=adding group to /etc/group id=1004 exe="/usr/sbin/groupadd" res=success'`: user-space
// values are not quoted even with spaces, so a bare word continues the value before it.
function userMessage(text: string): Array<{ key: string; value: string; quote: string }> {
  const pairs: Array<{ key: string; value: string; quote: string }> = [];
  for (const token of tokenize(text)) {
    const last = pairs[pairs.length - 1];
    if (token.kind === 'pair') pairs.push({ key: token.key, value: token.value, quote: token.quote });
    else if (last !== undefined && last.quote === '' && last.value !== '') last.value += ` ${token.text}`;
  }
  return pairs;
}
