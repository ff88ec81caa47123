// One Zeek record to ECS: the connection 4-tuple, transport, uid and each log's own fields,
// with every column kept under zeek.<log>.* (nested: zeek.conn.id.orig_h) for rules on the
// raw names. event.dataset zeek.<log> is what detection routes `product: zeek, service: <log>` on.
import { isIP } from 'node:net';
import type { ParsedEvent } from '../../parse/types';
import { ZEEK_LOG_MAPPERS, ZEEK_LOG_PROTOCOLS } from './log-fields';
import { nestColumns, setField, ZeekRow } from './row';

/** event.module of Zeek events. */
export const ZEEK_MODULE = 'zeek';

// Zeek log paths are identifiers (conn, smb_mapping, x509, conn_long); `session_id` would
// collide with zeek.session_id.
const LOG_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const LOG_FILE = /(?:^|[\\/])([A-Za-z][A-Za-z0-9_-]{0,63})(?:\.[^\\/]*)?\.(?:log|json|ndjson)(?:\.gz)?$/;

/**
 * The log a record belongs to: its `_path` (or the TSV `#path` header), else the file it was
 * read from (`/var/log/zeek/conn.log`, `dns.04:00:00-05:00:00.log.gz`); undefined when neither names one.
 */
export function zeekLogName(path: unknown, topic: string | undefined): string | undefined {
  const named = typeof path === 'string' && LOG_NAME.test(path) ? path : topic !== undefined ? LOG_FILE.exec(topic)?.[1] : undefined;
  return named === undefined || named === 'session_id' ? undefined : named.toLowerCase();
}

/** The ECS event of one record of log `log` (columns by dotted name), at `time` (epoch ms). */
export function zeekEvent(log: string, columns: ReadonlyMap<string, unknown>, time: number): ParsedEvent {
  const row = new ZeekRow(columns);
  // Table lookups by an input name go through hasOwn: a log named `constructor` is not Object's.
  const protocol = Object.hasOwn(ZEEK_LOG_PROTOCOLS, log) ? ZEEK_LOG_PROTOCOLS[log] : undefined;
  const doc: Record<string, unknown> = {
    '@timestamp': new Date(time).toISOString(),
    event: {
      kind: 'event',
      module: ZEEK_MODULE,
      dataset: `${ZEEK_MODULE}.${log}`,
      category: ['network'],
      type: [log === 'conn' ? 'connection' : protocol !== undefined ? 'protocol' : 'info'],
    },
  };
  setField(doc, 'source.address', row.text('id.orig_h'));
  setField(doc, 'source.port', row.number('id.orig_p'));
  setField(doc, 'destination.address', row.text('id.resp_h'));
  setField(doc, 'destination.port', row.number('id.resp_p'));
  setField(doc, 'network.transport', row.text('proto')?.toLowerCase());
  setField(doc, 'network.protocol', protocol);
  setField(doc, 'network.community_id', row.text('community_id'));
  if (Object.hasOwn(ZEEK_LOG_MAPPERS, log)) ZEEK_LOG_MAPPERS[log]!(row, doc);
  // An address is an ECS ip only when it is one: an ip field refuses anything else at indexing.
  for (const side of ['source', 'destination'] as const) {
    const at = doc[side] as { ip?: string; address?: string } | undefined;
    if (at === undefined) continue;
    at.address ??= at.ip;
    if (at.ip === undefined && at.address !== undefined && isIP(at.address) !== 0) at.ip = at.address;
    if (at.ip !== undefined && isIP(at.ip) === 0) delete at.ip;
  }
  const ips = [(doc['source'] as { ip?: string } | undefined)?.ip, (doc['destination'] as { ip?: string } | undefined)?.ip].filter((ip): ip is string => ip !== undefined);
  if (ips.length > 0) setField(doc, 'related.ip', [...new Set(ips)]);
  const zeek: Record<string, unknown> = { [log]: nestColumns(columns) };
  const uid = row.text('uid');
  if (uid !== undefined) zeek['session_id'] = uid;
  doc['zeek'] = zeek;
  return doc as ParsedEvent;
}
