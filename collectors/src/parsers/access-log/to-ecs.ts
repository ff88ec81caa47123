// An access log line as ECS, in the shape the web pipeline routes on (`event.category: web`,
// `event.type: access`, `event.module: nginx|apache`). Fields ECS has no place for live under
// the dataset's own namespace (`nginx.access.*`, `apache.access.*`, `web.access.*`).
import { isIP } from 'node:net';
import type { ParsedEvent } from '../../parse/types';
import { urlParts } from '../cef/url-parts';
import type { Client } from './client';
import type { AccessLine } from './line';
import type { RequestLine } from './request-line';

type EcsDoc = Record<string, unknown>;

/** What the line says, read. */
export interface AccessRecord {
  line: AccessLine;
  client: Client;
  request?: RequestLine;
  epoch: number;
}

/** The ECS event of an access log line; `message` is the line itself. */
export function accessToEcs(record: AccessRecord, message: string, module: string | undefined, dataset: string): ParsedEvent {
  const { line, client, request } = record;
  const status = Number(line.status);
  const doc: EcsDoc = {
    '@timestamp': new Date(record.epoch).toISOString(),
    // Sigma's apache/nginx rules search keywords in `message`: it carries the whole line.
    message,
    event: {
      kind: 'event',
      category: ['web'],
      type: ['access'],
      ...(module !== undefined ? { module } : {}),
      dataset,
      outcome: status < 400 ? 'success' : 'failure',
    },
  };
  const source = endpoint(client.addresses[0]!);
  if (source) doc.source = source;
  const vhost = client.vhost !== undefined && client.vhost !== '-' ? vhostParts(client.vhost) : undefined;
  if (vhost) doc.destination = vhost.destination;
  const user = value(line.user);
  if (user !== undefined) doc.user = { name: user };

  const url: EcsDoc = {};
  const httpRequest: EcsDoc = {};
  if (request) {
    httpRequest.method = request.method;
    url.original = request.target;
    Object.assign(url, urlParts(request.target));
  }
  if (url.domain === undefined && vhost?.domain !== undefined) url.domain = vhost.domain;
  const referrer = value(line.referrer);
  if (referrer !== undefined) httpRequest.referrer = referrer;
  if (Object.keys(url).length > 0) doc.url = url;
  doc.http = {
    ...(request?.version !== undefined ? { version: request.version } : {}),
    ...(Object.keys(httpRequest).length > 0 ? { request: httpRequest } : {}),
    response: { status_code: status, ...(line.bytes !== '-' ? { body: { bytes: Number(line.bytes) } } : {}) },
  };
  const userAgent = value(line.userAgent);
  if (userAgent !== undefined) doc.user_agent = { original: userAgent };

  const own: EcsDoc = {};
  if (client.addresses.length > 1) own.remote_ip_list = client.addresses;
  // A request that is no request line (TLS bytes, scanner junk) is evidence: kept as sent.
  if (!request && value(line.request) !== undefined) own.request = line.request;
  if (line.extra !== undefined) own.extra = line.extra;
  if (Object.keys(own).length > 0) setNamespace(doc, dataset, own);
  return doc as unknown as ParsedEvent;
}

// `-` and "" are how both servers write "no value".
function value(text: string | undefined): string | undefined {
  return text === undefined || text === '-' || text === '' ? undefined : text;
}

// source.ip only for an address the index's `ip` type accepts; a name (HostnameLookups) is a domain.
function endpoint(address: string): EcsDoc | undefined {
  if (value(address) === undefined) return undefined;
  if (!address.includes('%') && isIP(address) !== 0) return { address, ip: address };
  return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(address) ? { address, domain: address } : { address };
}

function vhostParts(vhost: string): { domain: string; destination: EcsDoc } | undefined {
  const colon = vhost.lastIndexOf(':');
  const hasPort = colon > 0 && vhost.indexOf(':') === colon && /^\d{1,5}$/.test(vhost.slice(colon + 1));
  const host = hasPort ? vhost.slice(0, colon) : vhost;
  const port = hasPort ? Number(vhost.slice(colon + 1)) : undefined;
  if (!host) return undefined;
  const destination: EcsDoc = isIP(host) !== 0 ? { address: host, ip: host } : { address: host, domain: host };
  if (port !== undefined && port <= 65535) destination.port = port;
  return { domain: host, destination };
}

function setNamespace(doc: EcsDoc, dataset: string, fields: EcsDoc): void {
  let node = doc;
  for (const part of dataset.split('.')) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as EcsDoc;
  }
  Object.assign(node, fields);
}
