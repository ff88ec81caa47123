// A decoded CEF message as ECS. The ArcSight dictionary keys become ECS fields; every pair
// also stays, as sent, under cef.extensions, and custom fields are reachable by their labels
// under cef.labels (`cs1Label=Rule cs1=allow-dns` → cef.labels.Rule), since vendors move a
// label from one csN slot to another between versions.
import type { ParsedEvent, SourceContext } from '../../parse/types';
import { isTimeZone } from '../../time/zoned-time';
import { CUSTOM_SLOTS, shortKey } from './dictionary';
import type { EcsDoc } from './ecs-doc';
import { defineOwn, setPath } from './ecs-doc';
import type { ExtensionPair } from './extension';
import type { CefHeader } from './header';
import { countsBytesFromSource, isFirewall } from './products';
import { cefTimeToEpoch, resolveZone } from './timestamp';
import { urlParts } from './url-parts';
import { countOf, directionOf, ipOf, macOf, outcomeOf, portOf, severityOf, transportOf } from './values';

/** event.module of CEF events. */
export const CEF_MODULE = 'cef';
/**
 * event.dataset of CEF events. One dataset, not one per vendor: the dataset names the index,
 * and vendor and product are text any sender can write (observer.vendor/product carry them).
 */
export const CEF_DATASET = 'cef';

// The pairs by ArcSight short key. A class, not a closure per message: one small object each.
class Lookup {
  constructor(private readonly byShortKey: ReadonlyMap<string, string>) {}

  // An empty value (`cs3= fname=`) is "not set" for ECS; cef.extensions keeps it.
  get(key: string): string | undefined {
    return this.byShortKey.get(key) || undefined;
  }
}

// Host names as devices write them: DNS names and NetBIOS names (WIN-RM6HM42G65V, with `_`).
const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,253}$/;

/** The ECS event of a CEF message; `host` is the syslog prefix's host, if any. */
export function cefToEcs(header: CefHeader, pairs: readonly ExtensionPair[], host: string | undefined, source: SourceContext): ParsedEvent {
  const extensions: Record<string, string> = {};
  const byShortKey = new Map<string, string>();
  for (const { key, value } of pairs) {
    defineOwn(extensions, key, value);
    byShortKey.set(shortKey(key), value);
  }
  const ext = new Lookup(byShortKey);

  const doc: EcsDoc = {};
  const times = eventTimes(ext, source);
  const firewall = isFirewall(header.deviceVendor, header.deviceProduct);
  doc['@timestamp'] = new Date(times.timestamp).toISOString();
  doc.event = dropUndefined({
    kind: 'event',
    module: CEF_MODULE,
    dataset: CEF_DATASET,
    category: firewall ? ['network'] : undefined,
    code: header.deviceEventClassId || undefined,
    severity: severityOf(header.severity),
    action: ext.get('act'),
    outcome: outcomeOf(ext.get('outcome') ?? ext.get('categoryOutcome')),
    reason: ext.get('reason'),
    start: times.start,
    end: times.end,
  });
  setPath(doc, 'message', ext.get('msg') ?? (header.name || undefined));
  mapObserver(doc, header, ext, host, firewall);
  mapEndpoint(doc, 'source', { ip: ext.get('src'), host: ext.get('shost'), port: ext.get('spt'), mac: ext.get('smac'), user: ext.get('suser'), userId: ext.get('suid'), domain: ext.get('sntdom') });
  mapEndpoint(doc, 'destination', { ip: ext.get('dst'), host: ext.get('dhost'), port: ext.get('dpt'), mac: ext.get('dmac'), user: ext.get('duser'), userId: ext.get('duid'), domain: ext.get('dntdom') });
  setPath(doc, 'source.nat.ip', ipOf(ext.get('sourceTranslatedAddress')));
  setPath(doc, 'source.nat.port', portOf(ext.get('sourceTranslatedPort')));
  setPath(doc, 'destination.nat.ip', ipOf(ext.get('destinationTranslatedAddress')));
  setPath(doc, 'destination.nat.port', portOf(ext.get('destinationTranslatedPort')));
  setPath(doc, 'user.name', ext.get('suser') ?? ext.get('duser'));
  mapNetwork(doc, ext, countsBytesFromSource(header.deviceVendor));
  mapHttpAndFile(doc, ext);
  setPath(doc, 'log.syslog.hostname', host);
  doc.cef = cefFields(header, extensions, byShortKey);
  return doc as unknown as ParsedEvent;
}

function eventTimes(ext: Lookup, source: SourceContext): { timestamp: number; start?: string; end?: string } {
  const rtText = ext.get('rt');
  const endText = ext.get('end');
  const startText = ext.get('start');
  // dtz, when it names a zone, is the device's own; a misconfigured source zone leaves
  // zone-less times unread rather than read wrong. Only looked up when a time is there.
  let zone: string | undefined;
  if (rtText !== undefined || endText !== undefined || startText !== undefined) {
    const dtz = ext.get('dtz');
    zone = (dtz !== undefined ? resolveZone(dtz) : undefined) ?? (isTimeZone(source.timeZone) ? source.timeZone : undefined);
  }
  const rt = rtText === undefined ? undefined : cefTimeToEpoch(rtText, zone, source.receivedAt);
  const end = endText === undefined ? undefined : cefTimeToEpoch(endText, zone, source.receivedAt);
  const start = startText === undefined ? undefined : cefTimeToEpoch(startText, zone, source.receivedAt);
  return {
    timestamp: rt ?? end ?? start ?? source.receivedAt,
    start: start !== undefined ? new Date(start).toISOString() : undefined,
    end: end !== undefined ? new Date(end).toISOString() : undefined,
  };
}

function mapObserver(doc: EcsDoc, header: CefHeader, ext: Lookup, host: string | undefined, firewall: boolean): void {
  const dvc = ext.get('dvc');
  setPath(doc, 'observer.vendor', header.deviceVendor || undefined);
  setPath(doc, 'observer.product', header.deviceProduct || undefined);
  setPath(doc, 'observer.version', header.deviceVersion || undefined);
  setPath(doc, 'observer.type', firewall ? 'firewall' : undefined);
  // dvc should be an address, but some devices put their name there (OSSEC: dvc=ubuntusvr).
  setPath(doc, 'observer.ip', ipOf(dvc));
  setPath(doc, 'observer.hostname', ext.get('dvchost') ?? (ipOf(dvc) === undefined ? dvc : undefined) ?? host);
  setPath(doc, 'observer.mac', macOf(ext.get('dvcmac')));
  setPath(doc, 'observer.serial_number', ext.get('deviceExternalId'));
  setPath(doc, 'observer.ingress.interface.name', ext.get('deviceInboundInterface'));
  setPath(doc, 'observer.egress.interface.name', ext.get('deviceOutboundInterface'));
}

interface Endpoint {
  ip?: string;
  host?: string;
  port?: string;
  mac?: string;
  user?: string;
  userId?: string;
  domain?: string;
}

// src/dst should be addresses and shost/dhost names, but devices swap them (FortiOS writes
// shost=<ip>): the first address found is the ip, the first name found the domain.
function mapEndpoint(doc: EcsDoc, side: 'source' | 'destination', e: Endpoint): void {
  const ip = ipOf(e.ip) ?? ipOf(e.host);
  const domain = hostName(e.host) ?? hostName(e.ip);
  setPath(doc, `${side}.address`, e.ip ?? e.host);
  setPath(doc, `${side}.ip`, ip);
  setPath(doc, `${side}.domain`, domain);
  setPath(doc, `${side}.port`, portOf(e.port));
  setPath(doc, `${side}.mac`, macOf(e.mac));
  setPath(doc, `${side}.user.name`, e.user);
  setPath(doc, `${side}.user.id`, e.userId);
  setPath(doc, `${side}.user.domain`, e.domain);
}

function hostName(v: string | undefined): string | undefined {
  return v !== undefined && ipOf(v) === undefined && HOST_NAME.test(v) ? v : undefined;
}

function mapNetwork(doc: EcsDoc, ext: Lookup, reversed: boolean): void {
  const proto = ext.get('proto');
  if (proto !== undefined) {
    const { transport, ianaNumber } = transportOf(proto);
    setPath(doc, 'network.transport', transport);
    setPath(doc, 'network.iana_number', ianaNumber);
  }
  setPath(doc, 'network.protocol', ext.get('app')?.toLowerCase());
  setPath(doc, 'network.direction', directionOf(ext.get('deviceDirection')));
  // ArcSight: `in` is what flowed from source to destination, `out` the reverse.
  const bytesIn = countOf(ext.get('in'));
  const bytesOut = countOf(ext.get('out'));
  setPath(doc, 'source.bytes', reversed ? bytesOut : bytesIn);
  setPath(doc, 'destination.bytes', reversed ? bytesIn : bytesOut);
  if (bytesIn !== undefined && bytesOut !== undefined) setPath(doc, 'network.bytes', bytesIn + bytesOut);
}

function mapHttpAndFile(doc: EcsDoc, ext: Lookup): void {
  const request = ext.get('request');
  if (request !== undefined) {
    setPath(doc, 'url.original', request);
    for (const [part, value] of Object.entries(urlParts(request))) setPath(doc, `url.${part}`, value);
  }
  setPath(doc, 'http.request.method', ext.get('requestMethod'));
  setPath(doc, 'http.request.referrer', ext.get('requestContext'));
  setPath(doc, 'user_agent.original', ext.get('requestClientApplication'));
  setPath(doc, 'file.name', ext.get('fname'));
  setPath(doc, 'file.path', ext.get('filePath'));
  setPath(doc, 'file.size', countOf(ext.get('fsize')));
}

function cefFields(header: CefHeader, extensions: Record<string, string>, byShortKey: Map<string, string>): EcsDoc {
  const labels: Record<string, string> = {};
  for (const [slot] of CUSTOM_SLOTS) {
    const label = byShortKey.get(`${slot}Label`)?.trim();
    const value = byShortKey.get(slot);
    if (label && value) defineOwn(labels, label, value);
  }
  return {
    version: header.version,
    device: { vendor: header.deviceVendor, product: header.deviceProduct, version: header.deviceVersion, event_class_id: header.deviceEventClassId },
    name: header.name,
    severity: header.severity,
    extensions,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
}

function dropUndefined(fields: EcsDoc): EcsDoc {
  for (const key in fields) if (fields[key] === undefined) delete fields[key];
  return fields;
}
