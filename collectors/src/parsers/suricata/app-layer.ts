// The protocol sections of an EVE record (dns, http, tls, fileinfo, flow) to their ECS fields.
// They are read wherever they appear: an alert carries the http or tls section of its
// transaction and the flow counters too when Suricata is configured to log them.
import { isIP } from 'node:net';
import { isJsonObject } from '../zeek/json-line';
import { setField } from '../zeek/row';
import { isoToMs } from '../zeek/timestamps';

type Doc = Record<string, unknown>;
type Section = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const objects = (v: unknown): Section[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

interface Answer {
  name?: string;
  type?: string;
  ttl?: number;
  data?: string;
}

// EVE's DNS went through three layouts: v1 one event per answer (rrname/rdata at the top),
// v2 `answers` (detailed) or `grouped`, v3 (Suricata 8) `queries` and request/response types.
function dnsAnswers(dns: Section): Answer[] {
  const detailed = objects(dns['answers']).map((a) => ({ name: text(a['rrname']), type: text(a['rrtype']), ttl: num(a['ttl']), data: text(a['rdata']) }));
  if (detailed.length > 0) return detailed;
  const grouped = dns['grouped'];
  if (isJsonObject(grouped)) {
    return Object.entries(grouped).flatMap(([type, values]) => (Array.isArray(values) ? values : []).map((v) => ({ type, data: text(v) })));
  }
  if (dns['type'] === 'answer' && dns['rdata'] !== undefined) return [{ name: text(dns['rrname']), type: text(dns['rrtype']), ttl: num(dns['ttl']), data: text(dns['rdata']) }];
  return [];
}

const DNS_FLAGS = [['aa', 'AA'], ['tc', 'TC'], ['rd', 'RD'], ['ra', 'RA']] as const;

function dns(dns: Section, doc: Doc): void {
  const kind = text(dns['type']);
  setField(doc, 'dns.type', kind === 'request' ? 'query' : kind === 'response' ? 'answer' : kind);
  setField(doc, 'dns.id', text(dns['id']));
  const query = objects(dns['queries'])[0];
  const v1Answer = kind === 'answer' && dns['rdata'] !== undefined;
  setField(doc, 'dns.question.name', text(query?.['rrname']) ?? text(dns['rrname']));
  setField(doc, 'dns.question.type', text(query?.['rrtype']) ?? (v1Answer ? undefined : text(dns['rrtype'])));
  setField(doc, 'dns.response_code', text(dns['rcode']));
  const flags = DNS_FLAGS.filter(([key]) => dns[key] === true).map(([, flag]) => flag);
  if (flags.length > 0) setField(doc, 'dns.header_flags', flags);
  const answers = dnsAnswers(dns).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)));
  if (answers.length > 0) setField(doc, 'dns.answers', answers);
  const ips = answers.map((a) => a['data']).filter((d): d is string => typeof d === 'string' && isIP(d) !== 0);
  if (ips.length > 0) setField(doc, 'dns.resolved_ip', [...new Set(ips)]);
}

function http(http: Section, doc: Doc): void {
  const host = text(http['hostname']);
  const url = text(http['url']);
  setField(doc, 'url.domain', host);
  setField(doc, 'destination.domain', host);
  setField(doc, 'url.port', num(http['http_port']));
  setField(doc, 'url.original', url);
  if (url !== undefined) {
    const m = /^([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(url)!;
    setField(doc, 'url.path', m[1] || undefined);
    setField(doc, 'url.query', m[2] || undefined);
    setField(doc, 'url.fragment', m[3] || undefined);
  }
  setField(doc, 'http.request.method', text(http['http_method']));
  setField(doc, 'http.request.referrer', text(http['http_refer']));
  setField(doc, 'http.response.status_code', num(http['status']));
  setField(doc, 'http.response.body.bytes', num(http['length']));
  setField(doc, 'http.response.mime_type', text(http['http_content_type']));
  setField(doc, 'http.version', text(http['protocol'])?.replace(/^HTTP\//i, ''));
  setField(doc, 'user_agent.original', text(http['http_user_agent']));
}

// "TLS 1.2", "TLSv1.3", "SSLv3" → ECS tls.version_protocol and tls.version.
function tlsVersion(version: string | undefined): { protocol?: string; version?: string } {
  const m = /^(TLS|SSL)\s*v?(\d)(?:\.(\d))?$/i.exec(version ?? '');
  return m ? { protocol: m[1]!.toLowerCase(), version: `${m[2]}.${m[3] ?? '0'}` } : {};
}

const hexId = (v: unknown): string | undefined => text(v)?.replace(/:/g, '').toUpperCase();

function tls(tls: Section, doc: Doc): void {
  const { protocol, version } = tlsVersion(text(tls['version']));
  setField(doc, 'tls.version_protocol', protocol);
  setField(doc, 'tls.version', version);
  setField(doc, 'tls.client.server_name', text(tls['sni']));
  setField(doc, 'tls.server.subject', text(tls['subject']));
  setField(doc, 'tls.server.issuer', text(tls['issuerdn']));
  setField(doc, 'tls.server.hash.sha1', hexId(tls['fingerprint']));
  setField(doc, 'tls.server.x509.serial_number', hexId(tls['serial']));
  for (const [from, to] of [['notbefore', 'not_before'], ['notafter', 'not_after']] as const) {
    const at = text(tls[from]);
    const ms = at !== undefined ? isoToMs(at, 'UTC') : undefined;
    setField(doc, `tls.server.${to}`, ms !== undefined ? new Date(ms).toISOString() : undefined);
  }
  setField(doc, 'tls.resumed', bool(tls['session_resumed']));
  const ja3 = tls['ja3'];
  const ja3s = tls['ja3s'];
  if (isJsonObject(ja3)) setField(doc, 'tls.client.ja3', text(ja3['hash']));
  if (isJsonObject(ja3s)) setField(doc, 'tls.server.ja3s', text(ja3s['hash']));
}

function fileinfo(file: Section, doc: Doc): void {
  const name = text(file['filename']);
  setField(doc, 'file.path', name);
  setField(doc, 'file.name', name?.split(/[\\/]/).pop() || undefined);
  setField(doc, 'file.size', num(file['size']));
  for (const algorithm of ['md5', 'sha1', 'sha256'] as const) setField(doc, `file.hash.${algorithm}`, text(file[algorithm])?.toLowerCase());
}

function flow(flow: Section, doc: Doc, zone: string): void {
  const [sp, sb, dp, db] = ['pkts_toserver', 'bytes_toserver', 'pkts_toclient', 'bytes_toclient'].map((k) => num(flow[k]));
  setField(doc, 'source.packets', sp);
  setField(doc, 'source.bytes', sb);
  setField(doc, 'destination.packets', dp);
  setField(doc, 'destination.bytes', db);
  if (sp !== undefined || dp !== undefined) setField(doc, 'network.packets', (sp ?? 0) + (dp ?? 0));
  if (sb !== undefined || db !== undefined) setField(doc, 'network.bytes', (sb ?? 0) + (db ?? 0));
  const start = text(flow['start']) !== undefined ? isoToMs(text(flow['start'])!, zone) : undefined;
  const end = text(flow['end']) !== undefined ? isoToMs(text(flow['end'])!, zone) : undefined;
  setField(doc, 'event.start', start !== undefined ? new Date(start).toISOString() : undefined);
  setField(doc, 'event.end', end !== undefined ? new Date(end).toISOString() : undefined);
  if (start !== undefined && end !== undefined && end >= start) setField(doc, 'event.duration', (end - start) * 1e6);
}

/** Maps the protocol sections present in `record` into `doc` (timestamps without zone read in `zone`). */
export function mapAppLayer(record: Record<string, unknown>, doc: Doc, zone: string): void {
  const section = (name: string) => (isJsonObject(record[name]) ? (record[name] as Section) : undefined);
  const d = section('dns');
  if (d) dns(d, doc);
  const h = section('http');
  if (h) http(h, doc);
  const t = section('tls');
  if (t) tls(t, doc);
  const f = section('fileinfo');
  if (f) fileinfo(f, doc);
  const fl = section('flow');
  if (fl) flow(fl, doc, zone);
}
