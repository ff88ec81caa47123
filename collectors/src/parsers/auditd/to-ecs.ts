// The records of one audit event to ECS, after Filebeat's auditd module: every field stays
// under auditd.log (Sigma's auditd rules read `type`, `a0`, `name`, `SYSCALL`, `euid` there)
// and the usual ones are mapped to ECS as well. One event holds several records, so a key
// two records give different values (SYSCALL's a0 and EXECVE's a0, the names of two PATH
// records) holds both, in record order: a rule on either value still matches.
import { isIP } from 'node:net';
import type { ParsedEvent } from '../../parse/types';
import { categorize } from './categorize';
import type { AuditRecord } from './record';
import { decodeSockaddr } from './sockaddr';
import { archName, syscallName } from './syscalls';

/** event.module of auditd events. */
export const AUDITD_MODULE = 'auditd';
/** event.dataset of auditd events. */
export const AUDITD_DATASET = 'auditd.log';

// auid/ses when no login set them: (uint32)-1.
const UNSET = new Set(['4294967295', '-1', 'unset']);
const NUMERIC = /^\d+$/;
const OUTGOING = new Set(['connect', 'sendto', 'sendmsg']);
const INCOMING = new Set(['accept', 'accept4', 'bind', 'recvfrom', 'recvmsg']);

type Fields = ReadonlyMap<string, string>;

/** The ECS event of the records sharing one audit event id, in the order they were logged. */
export function auditEvent(records: readonly AuditRecord[]): ParsedEvent {
  const content = records.filter((r) => r.type !== 'EOE');
  const recs = content.length > 0 ? content : records;
  const primary = recs.find((r) => r.type === 'SYSCALL') ?? recs[0]!;
  const p = firstValues([primary]);
  const types = [...new Set(recs.map((r) => r.type))];
  const syscall = primary.type === 'SYSCALL' ? (p.get('SYSCALL') ?? syscallName(p.get('arch'), p.get('syscall'))) : undefined;

  const log = collectLog(recs);
  // Raw logs name no syscall; naming it here lets `SYSCALL: execve` rules read raw and ENRICHED logs alike.
  if (syscall !== undefined && !log.has('SYSCALL')) log.set('SYSCALL', syscall);
  log.set('record_type', types.length === 1 ? types[0]! : types);
  log.set('sequence', primary.serial);

  const cwd = firstValues(recs.filter((r) => r.type === 'CWD')).get('cwd') ?? p.get('cwd');
  const proctitle = firstValues(recs.filter((r) => r.type === 'PROCTITLE')).get('proctitle');
  const execArgs = executeArguments(recs.filter((r) => r.type === 'EXECVE'));
  const cmd = p.get('cmd');
  const args = execArgs ?? (cmd !== undefined ? cmd.split(/\s+/).filter(Boolean) : undefined);
  const commandLine = execArgs?.join(' ') ?? cmd ?? proctitle;
  const paths = recs.filter((r) => r.type === 'PATH').map((r) => firstValues([r]));
  const categorization = categorize(syscall, types, paths.map((f) => f.get('nametype') ?? ''));
  const isProcess = categorization?.category.includes('process') ?? false;
  const exe = p.get('exe');
  const acct = p.get('acct');
  const user = identity(p.get('uid'), p.get('UID'));
  const endpoint = socketEndpoint(recs, syscall);
  const addr = p.get('addr');

  const event = prune({
    '@timestamp': new Date(primary.time).toISOString(),
    event: {
      kind: 'event',
      module: AUDITD_MODULE,
      dataset: AUDITD_DATASET,
      action: syscall ?? primary.type.toLowerCase(),
      outcome: outcome(p.get('success') ?? p.get('res')),
      category: categorization?.category,
      type: categorization?.type,
    },
    message: commandLine,
    host: { name: primary.node, architecture: archName(p.get('ARCH') ?? p.get('arch')), os: { type: 'linux' } },
    process: {
      pid: integer(p.get('pid')),
      ppid: integer(p.get('ppid')),
      parent: { pid: integer(p.get('ppid')) },
      executable: exe,
      name: p.get('comm') ?? (exe !== undefined ? exe.slice(exe.lastIndexOf('/') + 1) || undefined : undefined),
      working_directory: cwd,
      args,
      args_count: args?.length,
      command_line: commandLine,
      title: proctitle,
    },
    user: {
      ...(acct !== undefined ? { name: acct } : user),
      audit: identity(p.get('auid'), p.get('AUID')),
      effective: identity(p.get('euid'), p.get('EUID')),
      group: identity(p.get('gid'), p.get('GID')),
    },
    file: { path: isProcess ? undefined : filePath(paths, cwd) },
    source: endpoint?.side === 'source' ? endpoint.at : addr !== undefined && isIP(addr) ? { ip: addr, address: addr } : undefined,
    destination: endpoint?.side === 'destination' ? endpoint.at : undefined,
    auditd: { log: Object.fromEntries(log) },
  });
  return event as ParsedEvent;
}

function firstValues(records: readonly AuditRecord[]): Fields {
  const out = new Map<string, string>();
  for (const r of records) for (const [k, v] of r.fields) if (!out.has(k)) out.set(k, v);
  return out;
}

function collectLog(records: readonly AuditRecord[]): Map<string, unknown> {
  const log = new Map<string, unknown>();
  for (const r of records) {
    for (const [k, v] of r.fields) {
      const seen = log.get(k);
      if (seen === undefined) log.set(k, v);
      else if (Array.isArray(seen)) {
        if (!seen.includes(v)) seen.push(v);
      } else if (seen !== v) log.set(k, [seen, v]);
    }
  }
  return log;
}

// argv over every EXECVE record of the event (a long argv spans several), a0 … a(argc-1).
function executeArguments(records: readonly AuditRecord[]): string[] | undefined {
  if (records.length === 0) return undefined;
  const byIndex = new Map<number, string>();
  let argc: number | undefined;
  for (const r of records) {
    for (const [k, v] of r.fields) {
      if (k === 'argc' && argc === undefined) argc = integer(v);
      const m = /^a(\d+)$/.exec(k);
      if (m && !byIndex.has(Number(m[1]))) byIndex.set(Number(m[1]), v);
    }
  }
  const out: string[] = [];
  const count = argc ?? byIndex.size;
  for (let i = 0; i < count; i += 1) {
    const arg = byIndex.get(i);
    if (arg !== undefined) out.push(arg);
  }
  return out;
}

// The path an event acts on: the created or deleted one, else the first that is not a parent directory.
function filePath(paths: readonly Fields[], cwd: string | undefined): string | undefined {
  const chosen = paths.find((f) => f.get('nametype') === 'CREATE' || f.get('nametype') === 'DELETE') ?? paths.find((f) => f.get('nametype') !== 'PARENT');
  const name = chosen?.get('name');
  if (name === undefined) return undefined;
  if (name.startsWith('/') || cwd === undefined) return name;
  return `${cwd.replace(/\/+$/, '')}/${name.replace(/^\.\//, '')}`;
}

function socketEndpoint(records: readonly AuditRecord[], syscall: string | undefined): { side: 'source' | 'destination'; at: { ip: string; port: number; address: string } } | undefined {
  const side = syscall === undefined ? undefined : OUTGOING.has(syscall) ? 'destination' : INCOMING.has(syscall) ? 'source' : undefined;
  const saddr = firstValues(records.filter((r) => r.type === 'SOCKADDR')).get('saddr');
  const at = side !== undefined && saddr !== undefined ? decodeSockaddr(saddr) : undefined;
  return side !== undefined && at !== undefined ? { side, at: { ...at, address: at.ip } } : undefined;
}

// A uid/gid and its name: the number as id (unless unset), the ENRICHED name, or the value of
// an interpreted log (`uid=vagrant`) as name.
function identity(raw: string | undefined, enriched: string | undefined): { id?: string; name?: string } {
  const name = enriched !== undefined && !UNSET.has(enriched) ? enriched : raw !== undefined && !NUMERIC.test(raw) && !UNSET.has(raw) ? raw : undefined;
  const id = raw !== undefined && NUMERIC.test(raw) && !UNSET.has(raw) ? raw : undefined;
  return { id, name };
}

function outcome(value: string | undefined): 'success' | 'failure' | undefined {
  if (value === undefined) return undefined;
  if (/^(yes|success|1)$/i.test(value)) return 'success';
  if (/^(no|failed|failure|0)$/i.test(value)) return 'failure';
  return undefined;
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && NUMERIC.test(value) && value.length <= 15 ? Number(value) : undefined;
}

// Drops undefined values and the objects left empty, so absent fields are absent.
function prune(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && k !== 'log') {
      const inner = prune(v as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
