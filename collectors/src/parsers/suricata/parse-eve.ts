// Suricata EVE JSON, one record per line, to ECS after Elastic's suricata module: the record
// kept whole under suricata.eve, the flow tuple, the rule of an alert, and each protocol
// section's ECS fields. `flow_id` ties together the alert, protocol, fileinfo and flow records
// of one flow (it stays at suricata.eve.flow_id: event.id is the envelope's).
import { isIP } from 'node:net';
import { failure } from '../../parse/errors';
import type { ParsedEvent, ParseOutcome, SourceContext, TextParser } from '../../parse/types';
import { isJsonObject, readJsonLine } from '../zeek/json-line';
import { setField } from '../zeek/row';
import { isoToMs } from '../zeek/timestamps';
import { mapAppLayer } from './app-layer';

/** event.module of Suricata events. */
export const SURICATA_MODULE = 'suricata';
/** event.dataset of Suricata events. */
export const SURICATA_DATASET = 'suricata.eve';

// Event types that are one application protocol's transaction log.
const PROTOCOL_EVENTS = new Set([
  'dns', 'http', 'http2', 'tls', 'ssh', 'smb', 'ftp', 'ftp_data', 'smtp', 'rdp', 'dhcp', 'krb5', 'nfs', 'sip',
  'snmp', 'tftp', 'mqtt', 'quic', 'ike', 'dcerpc', 'rfb', 'pgsql', 'ldap', 'modbus', 'dnp3', 'enip', 'bittorrent-dht',
  'websocket', 'pop3', 'doh2', 'arp', 'template',
]);

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const ip = (v: unknown): string | undefined => (typeof v === 'string' && isIP(v) !== 0 ? v : undefined);
const port = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? v : undefined);
// ECS writes MAC addresses upper case with hyphens.
const mac = (v: unknown): string | undefined => text(v)?.toUpperCase().replace(/:/g, '-');

function categorization(eventType: string, record: Record<string, unknown>): { kind: string; category?: string[]; type?: string[] } {
  if (eventType === 'alert') {
    const alert = isJsonObject(record['alert']) ? record['alert'] : {};
    const action = alert['action'] === 'blocked' ? 'denied' : alert['action'] === 'allowed' ? 'allowed' : 'info';
    return { kind: 'alert', category: ['network', 'intrusion_detection'], type: [action] };
  }
  if (eventType === 'stats') return { kind: 'metric' };
  if (eventType === 'drop') return { kind: 'event', category: ['network'], type: ['denied'] };
  if (eventType === 'flow' || eventType === 'netflow') return { kind: 'event', category: ['network'], type: ['connection', 'end'] };
  if (eventType === 'fileinfo') return { kind: 'event', category: ['network', 'file'], type: ['info'] };
  if (PROTOCOL_EVENTS.has(eventType)) return { kind: 'event', category: ['network'], type: ['protocol'] };
  return { kind: 'event', category: ['network'], type: ['info'] };
}

/**
 * Parses one Suricata EVE JSON line into ECS. A `timestamp` without a zone is read in
 * `source.timeZone`; `event.kind` is `alert` for alerts, `metric` for stats, else `event`.
 */
export const parseSuricataEve: TextParser = (line: string, source: SourceContext): ParseOutcome => {
  if (line.trim() === '') return failure('HALONG_PARSE_EMPTY');
  const read = readJsonLine(line, 'Suricata EVE');
  if (!read.ok) return read;
  const record = read.value;
  if (!isJsonObject(record)) return failure('HALONG_PARSE_SURICATA', 'The EVE line is JSON but not an object.');
  const eventType = text(record['event_type']);
  if (eventType === undefined) return failure('HALONG_PARSE_SURICATA', 'The EVE record has no event_type.');
  const stamp = text(record['timestamp']);
  if (stamp === undefined) return failure('HALONG_PARSE_SURICATA', `The EVE ${eventType} record has no timestamp.`);
  const time = isoToMs(stamp, source.timeZone);
  if (time === undefined) return failure('HALONG_PARSE_TIME', `The EVE timestamp ${JSON.stringify(stamp.slice(0, 64))} is not ISO 8601.`);

  const { kind, category, type } = categorization(eventType, record);
  const doc: Record<string, unknown> = {
    '@timestamp': new Date(time).toISOString(),
    event: { kind, module: SURICATA_MODULE, dataset: SURICATA_DATASET, ...(category ? { category, type } : {}) },
    observer: { type: 'ids', vendor: 'OISF', product: 'Suricata' },
  };
  setField(doc, 'observer.hostname', text(record['host']));
  setField(doc, 'observer.ingress.interface.name', text(record['in_iface']));
  // ECS *.ip is an ip field: a value that is not one (the docs' `x.x.250.50`) would fail the whole document at indexing.
  const srcIp = ip(record['src_ip']);
  const destIp = ip(record['dest_ip']);
  setField(doc, 'source.ip', srcIp);
  setField(doc, 'source.address', text(record['src_ip']));
  setField(doc, 'source.port', port(record['src_port']));
  setField(doc, 'destination.ip', destIp);
  setField(doc, 'destination.address', text(record['dest_ip']));
  setField(doc, 'destination.port', port(record['dest_port']));
  const ether = isJsonObject(record['ether']) ? record['ether'] : {};
  setField(doc, 'source.mac', mac(ether['src_mac']));
  setField(doc, 'destination.mac', mac(ether['dest_mac']));
  setField(doc, 'network.transport', text(record['proto'])?.toLowerCase());
  const appProto = text(record['app_proto'])?.toLowerCase();
  const known = appProto !== undefined && appProto !== 'failed' && appProto !== 'unknown' ? appProto : undefined;
  setField(doc, 'network.protocol', known ?? (PROTOCOL_EVENTS.has(eventType) ? eventType : undefined));
  setField(doc, 'network.community_id', text(record['community_id']));
  const vlan = Array.isArray(record['vlan']) ? record['vlan'][0] : undefined;
  setField(doc, 'network.vlan.id', typeof vlan === 'number' ? String(vlan) : undefined);
  const ips = [srcIp, destIp].filter((ip): ip is string => ip !== undefined);
  if (ips.length > 0) setField(doc, 'related.ip', [...new Set(ips)]);

  const alert = isJsonObject(record['alert']) ? record['alert'] : undefined;
  if (alert) {
    const sid = alert['signature_id'];
    setField(doc, 'rule.id', typeof sid === 'number' || typeof sid === 'string' ? String(sid) : undefined);
    setField(doc, 'rule.name', text(alert['signature']));
    setField(doc, 'rule.category', text(alert['category']));
    setField(doc, 'rule.version', typeof alert['rev'] === 'number' ? String(alert['rev']) : undefined);
    setField(doc, 'event.severity', typeof alert['severity'] === 'number' ? alert['severity'] : undefined);
    setField(doc, 'message', text(alert['signature']));
  }
  mapAppLayer(record, doc, source.timeZone);
  doc['suricata'] = { eve: record };
  return { ok: true, event: doc as ParsedEvent };
};
