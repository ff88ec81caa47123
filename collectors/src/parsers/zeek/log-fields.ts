// The ECS fields of each Zeek log, as detection's network.yml reads them (pySigma's
// ecs_zeek_beats layout): `query` → dns.question.name, `host` → url.domain, `uri` →
// url.original, `answers` → dns.answers.data, `status_code` → http.response.status_code …
// The columns themselves stay under zeek.<log>.* whatever is mapped here.
import { isIP } from 'node:net';
import type { ZeekRow } from './row';
import { setField } from './row';

type Doc = Record<string, unknown>;
type LogMapper = (row: ZeekRow, doc: Doc) => void;

/** network.protocol of the logs that are one application protocol. */
export const ZEEK_LOG_PROTOCOLS: Readonly<Record<string, string>> = {
  dns: 'dns', http: 'http', ssl: 'tls', kerberos: 'kerberos', smb_files: 'smb', smb_mapping: 'smb', smb_cmd: 'smb',
  ssh: 'ssh', ftp: 'ftp', smtp: 'smtp', rdp: 'rdp', dce_rpc: 'dce_rpc', ntlm: 'ntlm', dhcp: 'dhcp', snmp: 'snmp',
  sip: 'sip', mysql: 'mysql', radius: 'radius', irc: 'irc', modbus: 'modbus', dnp3: 'dnp3', socks: 'socks',
  ntp: 'ntp', quic: 'quic', ldap: 'ldap', ldap_search: 'ldap', syslog: 'syslog', mqtt_connect: 'mqtt',
  mqtt_publish: 'mqtt', mqtt_subscribe: 'mqtt',
};

function conn(row: ZeekRow, doc: Doc): void {
  const services = row.text('service')?.split(',').filter(Boolean);
  setField(doc, 'network.protocol', services && services.length > 1 ? services : services?.[0]);
  const duration = row.number('duration');
  setField(doc, 'event.duration', duration !== undefined ? Math.round(duration * 1e9) : undefined);
  const [ob, rb, op, rp] = ['orig_bytes', 'resp_bytes', 'orig_pkts', 'resp_pkts'].map((c) => row.number(c));
  setField(doc, 'source.bytes', ob);
  setField(doc, 'destination.bytes', rb);
  setField(doc, 'source.packets', op);
  setField(doc, 'destination.packets', rp);
  if (ob !== undefined && rb !== undefined) setField(doc, 'network.bytes', ob + rb);
  if (op !== undefined && rp !== undefined) setField(doc, 'network.packets', op + rp);
}

const DNS_FLAGS = ['AA', 'TC', 'RD', 'RA'] as const;

function dns(row: ZeekRow, doc: Doc): void {
  setField(doc, 'dns.id', row.text('trans_id'));
  setField(doc, 'dns.question.name', row.text('query'));
  setField(doc, 'dns.question.type', row.text('qtype_name'));
  setField(doc, 'dns.question.class', row.text('qclass_name'));
  setField(doc, 'dns.response_code', row.text('rcode_name'));
  const flags = DNS_FLAGS.filter((f) => row.bool(f) === true);
  if (flags.length > 0) setField(doc, 'dns.header_flags', flags);
  const answers = row.list('answers');
  if (answers && answers.length > 0) {
    const ttls = row.list('TTLs') ?? [];
    setField(doc, 'dns.answers', answers.map((data, i) => (ttls[i] !== undefined && Number.isFinite(Number(ttls[i])) ? { data, ttl: Math.round(Number(ttls[i])) } : { data })));
    const ips = answers.filter((a) => isIP(a) !== 0);
    if (ips.length > 0) setField(doc, 'dns.resolved_ip', ips);
  }
}

function http(row: ZeekRow, doc: Doc): void {
  const uri = row.text('uri');
  setField(doc, 'http.request.method', row.text('method'));
  setField(doc, 'url.domain', row.text('host'));
  setField(doc, 'url.original', uri);
  if (uri !== undefined) {
    const q = uri.indexOf('?');
    setField(doc, 'url.path', (q < 0 ? uri : uri.slice(0, q)) || undefined);
    setField(doc, 'url.query', q < 0 ? undefined : uri.slice(q + 1) || undefined);
  }
  setField(doc, 'url.username', row.text('username'));
  setField(doc, 'http.version', row.text('version'));
  setField(doc, 'http.request.referrer', row.text('referrer'));
  setField(doc, 'http.request.body.bytes', row.number('request_body_len'));
  setField(doc, 'http.response.body.bytes', row.number('response_body_len'));
  setField(doc, 'http.response.status_code', row.number('status_code'));
  setField(doc, 'user_agent.original', row.text('user_agent'));
}

// Zeek's TLSv12, SSLv3, DTLSv12 → ECS tls.version_protocol and tls.version.
function tlsVersion(version: string | undefined): { protocol?: string; version?: string } {
  const m = /^(D?TLS|SSL)v(\d)(\d)?$/i.exec(version ?? '');
  if (!m) return {};
  const protocol = m[1]!.toLowerCase();
  return { protocol, version: `${m[2]}.${m[3] ?? '0'}` };
}

function ssl(row: ZeekRow, doc: Doc): void {
  const { protocol, version } = tlsVersion(row.text('version'));
  setField(doc, 'tls.version_protocol', protocol);
  setField(doc, 'tls.version', version);
  setField(doc, 'tls.cipher', row.text('cipher'));
  setField(doc, 'tls.curve', row.text('curve'));
  setField(doc, 'tls.client.server_name', row.text('server_name'));
  setField(doc, 'tls.resumed', row.bool('resumed'));
  setField(doc, 'tls.established', row.bool('established'));
  setField(doc, 'tls.next_protocol', row.text('next_protocol'));
  setField(doc, 'tls.server.subject', row.text('subject'));
  setField(doc, 'tls.server.issuer', row.text('issuer'));
  setField(doc, 'tls.client.ja3', row.text('ja3'));
  setField(doc, 'tls.server.ja3s', row.text('ja3s'));
}

// `user/REALM` or `user@REALM` (krb principal) → ECS user name and domain.
function principal(doc: Doc, value: string | undefined): void {
  if (value === undefined) return;
  const m = /^(.+?)[/@]([^/@]+)$/.exec(value);
  setField(doc, 'user.name', m ? m[1] : value);
  setField(doc, 'user.domain', m ? m[2] : undefined);
}

function outcomeOf(doc: Doc, success: boolean | undefined): void {
  setField(doc, 'event.outcome', success === undefined ? undefined : success ? 'success' : 'failure');
}

function kerberos(row: ZeekRow, doc: Doc): void {
  principal(doc, row.text('client'));
  outcomeOf(doc, row.bool('success'));
}

function ntlm(row: ZeekRow, doc: Doc): void {
  setField(doc, 'user.name', row.text('username'));
  setField(doc, 'user.domain', row.text('domainname'));
  outcomeOf(doc, row.bool('success'));
}

function ssh(row: ZeekRow, doc: Doc): void {
  outcomeOf(doc, row.bool('auth_success'));
}

function smbFiles(row: ZeekRow, doc: Doc): void {
  const share = row.text('path');
  const name = row.text('name');
  setField(doc, 'file.path', name === undefined ? undefined : share !== undefined ? `${share.replace(/\\+$/, '')}\\${name}` : name);
  setField(doc, 'file.name', name?.split('\\').pop() || undefined);
  setField(doc, 'file.size', row.number('size'));
  setField(doc, 'event.action', row.text('action'));
}

function files(row: ZeekRow, doc: Doc): void {
  setField(doc, 'file.name', row.text('filename'));
  setField(doc, 'file.mime_type', row.text('mime_type'));
  setField(doc, 'file.size', row.number('total_bytes') ?? row.number('seen_bytes'));
  for (const algorithm of ['md5', 'sha1', 'sha256'] as const) setField(doc, `file.hash.${algorithm}`, row.text(algorithm));
  // Before Zeek 5 files.log has no id.*: the hosts that sent and received the file instead.
  if (!row.columns.has('id.orig_h')) {
    setField(doc, 'source.ip', row.list('tx_hosts')?.[0]);
    setField(doc, 'destination.ip', row.list('rx_hosts')?.[0]);
  }
}

function x509(row: ZeekRow, doc: Doc): void {
  const time = (column: string) => {
    const s = row.number(column);
    return s !== undefined ? new Date(Math.round(s * 1000)).toISOString() : undefined;
  };
  setField(doc, 'x509.version_number', row.text('certificate.version'));
  setField(doc, 'x509.serial_number', row.text('certificate.serial'));
  setField(doc, 'x509.subject.distinguished_name', row.text('certificate.subject'));
  setField(doc, 'x509.issuer.distinguished_name', row.text('certificate.issuer'));
  setField(doc, 'x509.not_before', time('certificate.not_valid_before'));
  setField(doc, 'x509.not_after', time('certificate.not_valid_after'));
  setField(doc, 'x509.public_key_algorithm', row.text('certificate.key_alg'));
  setField(doc, 'x509.signature_algorithm', row.text('certificate.sig_alg'));
  setField(doc, 'x509.public_key_size', row.number('certificate.key_length'));
  setField(doc, 'x509.public_key_exponent', row.number('certificate.exponent'));
  setField(doc, 'x509.public_key_curve', row.text('certificate.curve'));
  const names = ['san.dns', 'san.uri', 'san.email', 'san.ip'].flatMap((c) => row.list(c) ?? []);
  if (names.length > 0) setField(doc, 'x509.alternative_names', names);
}

function notice(row: ZeekRow, doc: Doc): void {
  setField(doc, 'event.kind', 'alert');
  setField(doc, 'rule.name', row.text('note'));
  setField(doc, 'message', row.text('msg'));
  setField(doc, 'source.ip', row.columns.has('id.orig_h') ? undefined : row.text('src'));
  setField(doc, 'destination.ip', row.columns.has('id.resp_h') ? undefined : row.text('dst'));
  setField(doc, 'destination.port', row.columns.has('id.resp_p') ? undefined : row.number('p'));
}

/** The mapping of each log with fields of its own (others get the common ones only). */
export const ZEEK_LOG_MAPPERS: Readonly<Record<string, LogMapper>> = {
  conn,
  dns,
  http,
  ssl,
  kerberos,
  ntlm,
  ssh,
  smb_files: smbFiles,
  files,
  x509,
  notice,
};
