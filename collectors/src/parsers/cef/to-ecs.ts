// A decoded CEF message as ECS. The ArcSight dictionary keys become ECS fields; every pair
// also stays, as sent, under cef.extensions, and custom fields are reachable by their labels
// under cef.labels (`cs1Label=Rule cs1=allow-dns` → cef.labels.Rule), since vendors move a
// label from one csN slot to another between versions.
import type { ParsedEvent, SourceContext } from '../../parse/types';
import { isTimeZone } from '../../time/zoned-time';
import { isoTimestamp } from '../syslog/iso-timestamp';
import type { EcsDoc } from './ecs-doc';
import { defineOwn } from './ecs-doc';
import type { ExtensionPair } from './extension';
import type { CefHeader } from './header';
import type { SlottedExtension } from './key-slots';
import { CUSTOM_FIELD_SLOTS, SLOT, slotPairs } from './key-slots';
import { producerTraits } from './products';
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

// Host names as devices write them: DNS names and NetBIOS names (WIN-RM6HM42G65V, with `_`).
const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,253}$/;

// A message's values by slot (key-slots.ts).
type Values = (string | undefined)[];
// Read once: an imported binding is a property read on every use.
const CUSTOM_FIELDS = CUSTOM_FIELD_SLOTS;

const {
  act: ACT, outcome: OUTCOME, categoryOutcome: CATEGORY_OUTCOME, reason: REASON, msg: MSG, rt: RT, end: END, start: START, dtz: DTZ,
  dvc: DVC, dvchost: DVCHOST, dvcmac: DVCMAC, deviceExternalId: DEVICE_EXTERNAL_ID, deviceInboundInterface: INBOUND, deviceOutboundInterface: OUTBOUND,
  src: SRC, shost: SHOST, spt: SPT, smac: SMAC, suser: SUSER, suid: SUID, sntdom: SNTDOM,
  dst: DST, dhost: DHOST, dpt: DPT, dmac: DMAC, duser: DUSER, duid: DUID, dntdom: DNTDOM,
  sourceTranslatedAddress: SRC_NAT_IP, sourceTranslatedPort: SRC_NAT_PORT, destinationTranslatedAddress: DST_NAT_IP, destinationTranslatedPort: DST_NAT_PORT,
  proto: PROTO, app: APP, deviceDirection: DIRECTION, in: IN, out: OUT,
  request: REQUEST, requestMethod: REQUEST_METHOD, requestContext: REQUEST_CONTEXT, requestClientApplication: USER_AGENT, fname: FNAME, filePath: FILE_PATH, fsize: FSIZE,
} = SLOT;

/** The ECS event of a CEF message; `host` is the syslog prefix's host, if any. */
export function cefToEcs(header: CefHeader, pairs: readonly ExtensionPair[], host: string | undefined, source: SourceContext): ParsedEvent {
  return slottedToEcs(header, slotPairs(pairs), host, source);
}

/**
 * {@link cefToEcs} of an extension already sorted into slots. Fields are written in one fixed
 * order, each object created where its first field is, so keys come in the order the earlier
 * dotted-path mapping gave them.
 */
export function slottedToEcs(header: CefHeader, slotted: SlottedExtension, host: string | undefined, source: SourceContext): ParsedEvent {
  const { extensions, values: v } = slotted;
  const traits = producerTraits(header.deviceVendor, header.deviceProduct);
  const firewall = traits.firewall;
  const times = eventTimes(v, source);
  const event: EcsDoc = { kind: 'event', module: CEF_MODULE, dataset: CEF_DATASET };
  const doc: EcsDoc = { '@timestamp': isoTimestamp(times.timestamp), event };
  if (firewall) event.category = ['network'];
  if (header.deviceEventClassId) event.code = header.deviceEventClassId;
  const severity = severityOf(header.severity);
  if (severity !== undefined) event.severity = severity;
  if (v[ACT] !== undefined) event.action = v[ACT];
  const outcome = outcomeOf(v[OUTCOME] ?? v[CATEGORY_OUTCOME]);
  if (outcome !== undefined) event.outcome = outcome;
  if (v[REASON] !== undefined) event.reason = v[REASON];
  if (times.start !== undefined) event.start = times.start;
  if (times.end !== undefined) event.end = times.end;

  const message = v[MSG] ?? (header.name || undefined);
  if (message !== undefined) doc.message = message;
  const observer = observerOf(header, v, host, firewall);
  if (observer !== undefined) doc.observer = observer;
  let src = endpointOf(v[SRC], v[SHOST], v[SPT], v[SMAC], v[SUSER], v[SUID], v[SNTDOM]);
  if (src !== undefined) doc.source = src;
  let dst = endpointOf(v[DST], v[DHOST], v[DPT], v[DMAC], v[DUSER], v[DUID], v[DNTDOM]);
  if (dst !== undefined) doc.destination = dst;
  const srcNat = natOf(v[SRC_NAT_IP], v[SRC_NAT_PORT]);
  if (srcNat !== undefined) {
    if (src === undefined) doc.source = src = {};
    src.nat = srcNat;
  }
  const dstNat = natOf(v[DST_NAT_IP], v[DST_NAT_PORT]);
  if (dstNat !== undefined) {
    if (dst === undefined) doc.destination = dst = {};
    dst.nat = dstNat;
  }
  const userName = v[SUSER] ?? v[DUSER];
  if (userName !== undefined) doc.user = { name: userName };

  let network: EcsDoc | undefined;
  const proto = v[PROTO];
  if (proto !== undefined) {
    const { transport, ianaNumber } = transportOf(proto);
    doc.network = network = { transport };
    if (ianaNumber !== undefined) network.iana_number = ianaNumber;
  }
  const protocol = v[APP]?.toLowerCase();
  if (protocol !== undefined) {
    if (network === undefined) doc.network = network = {};
    network.protocol = protocol;
  }
  const direction = directionOf(v[DIRECTION]);
  if (direction !== undefined) {
    if (network === undefined) doc.network = network = {};
    network.direction = direction;
  }
  // ArcSight: `in` is what flowed from source to destination, `out` the reverse.
  const bytesIn = countOf(v[IN]);
  const bytesOut = countOf(v[OUT]);
  const sourceBytes = traits.bytesFromSource ? bytesOut : bytesIn;
  const destinationBytes = traits.bytesFromSource ? bytesIn : bytesOut;
  if (sourceBytes !== undefined) {
    if (src === undefined) doc.source = src = {};
    src.bytes = sourceBytes;
  }
  if (destinationBytes !== undefined) {
    if (dst === undefined) doc.destination = dst = {};
    dst.bytes = destinationBytes;
  }
  if (bytesIn !== undefined && bytesOut !== undefined) {
    if (network === undefined) doc.network = network = {};
    network.bytes = bytesIn + bytesOut;
  }

  mapHttpAndFile(doc, v);
  if (host !== undefined) doc.log = { syslog: { hostname: host } };
  doc.cef = cefFields(header, extensions, slotted.custom);
  return doc as unknown as ParsedEvent;
}

function eventTimes(v: Values, source: SourceContext): { timestamp: number; start?: string; end?: string } {
  const rtText = v[RT];
  const endText = v[END];
  const startText = v[START];
  // dtz, when it names a zone, is the device's own; a misconfigured source zone leaves
  // zone-less times unread rather than read wrong. Only looked up when a time is there.
  let zone: string | undefined;
  if (rtText !== undefined || endText !== undefined || startText !== undefined) {
    const dtz = v[DTZ];
    zone = (dtz !== undefined ? resolveZone(dtz) : undefined) ?? (isTimeZone(source.timeZone) ? source.timeZone : undefined);
  }
  const rt = rtText === undefined ? undefined : cefTimeToEpoch(rtText, zone, source.receivedAt);
  const end = endText === undefined ? undefined : cefTimeToEpoch(endText, zone, source.receivedAt);
  const start = startText === undefined ? undefined : cefTimeToEpoch(startText, zone, source.receivedAt);
  return {
    timestamp: rt ?? end ?? start ?? source.receivedAt,
    start: start !== undefined ? isoTimestamp(start) : undefined,
    end: end !== undefined ? isoTimestamp(end) : undefined,
  };
}

function observerOf(header: CefHeader, v: Values, host: string | undefined, firewall: boolean): EcsDoc | undefined {
  const o: EcsDoc = {};
  let any = false;
  if (header.deviceVendor) {
    o.vendor = header.deviceVendor;
    any = true;
  }
  if (header.deviceProduct) {
    o.product = header.deviceProduct;
    any = true;
  }
  if (header.deviceVersion) {
    o.version = header.deviceVersion;
    any = true;
  }
  if (firewall) {
    o.type = 'firewall';
    any = true;
  }
  // dvc should be an address, but some devices put their name there (OSSEC: dvc=ubuntusvr).
  const dvc = v[DVC];
  const ip = ipOf(dvc);
  if (ip !== undefined) {
    o.ip = ip;
    any = true;
  }
  const hostname = v[DVCHOST] ?? (ip === undefined ? dvc : undefined) ?? host;
  if (hostname !== undefined) {
    o.hostname = hostname;
    any = true;
  }
  const mac = macOf(v[DVCMAC]);
  if (mac !== undefined) {
    o.mac = mac;
    any = true;
  }
  if (v[DEVICE_EXTERNAL_ID] !== undefined) {
    o.serial_number = v[DEVICE_EXTERNAL_ID];
    any = true;
  }
  if (v[INBOUND] !== undefined) {
    o.ingress = { interface: { name: v[INBOUND] } };
    any = true;
  }
  if (v[OUTBOUND] !== undefined) {
    o.egress = { interface: { name: v[OUTBOUND] } };
    any = true;
  }
  return any ? o : undefined;
}

// src/dst should be addresses and shost/dhost names, but devices swap them (FortiOS writes
// shost=<ip>): the first address found is the ip, the first name found the domain.
function endpointOf(
  address: string | undefined, hostText: string | undefined, portText: string | undefined, macText: string | undefined,
  user: string | undefined, userId: string | undefined, domain: string | undefined,
): EcsDoc | undefined {
  const addressIp = ipOf(address);
  const hostIp = ipOf(hostText);
  const e: EcsDoc = {};
  let any = false;
  const shown = address ?? hostText;
  if (shown !== undefined) {
    e.address = shown;
    any = true;
  }
  const ip = addressIp ?? hostIp;
  if (ip !== undefined) {
    e.ip = ip;
    any = true;
  }
  const name = hostName(hostText, hostIp) ?? hostName(address, addressIp);
  if (name !== undefined) {
    e.domain = name;
    any = true;
  }
  const port = portOf(portText);
  if (port !== undefined) {
    e.port = port;
    any = true;
  }
  const mac = macOf(macText);
  if (mac !== undefined) {
    e.mac = mac;
    any = true;
  }
  if (user !== undefined || userId !== undefined || domain !== undefined) {
    const u: EcsDoc = {};
    if (user !== undefined) u.name = user;
    if (userId !== undefined) u.id = userId;
    if (domain !== undefined) u.domain = domain;
    e.user = u;
    any = true;
  }
  return any ? e : undefined;
}

// `ip` is ipOf(text), already computed by the caller.
function hostName(text: string | undefined, ip: string | undefined): string | undefined {
  return text !== undefined && ip === undefined && HOST_NAME.test(text) ? text : undefined;
}

function natOf(ipText: string | undefined, portText: string | undefined): EcsDoc | undefined {
  const ip = ipOf(ipText);
  const port = portOf(portText);
  if (ip === undefined && port === undefined) return undefined;
  const nat: EcsDoc = {};
  if (ip !== undefined) nat.ip = ip;
  if (port !== undefined) nat.port = port;
  return nat;
}

function mapHttpAndFile(doc: EcsDoc, v: Values): void {
  const request = v[REQUEST];
  if (request !== undefined) {
    const url: EcsDoc = { original: request };
    doc.url = url;
    const parts = urlParts(request);
    for (const part in parts) {
      const value = parts[part as keyof typeof parts];
      if (value !== undefined) url[part] = value;
    }
  }
  const method = v[REQUEST_METHOD];
  const referrer = v[REQUEST_CONTEXT];
  if (method !== undefined || referrer !== undefined) {
    const request: EcsDoc = {};
    if (method !== undefined) request.method = method;
    if (referrer !== undefined) request.referrer = referrer;
    doc.http = { request };
  }
  if (v[USER_AGENT] !== undefined) doc.user_agent = { original: v[USER_AGENT] };
  const size = countOf(v[FSIZE]);
  if (v[FNAME] !== undefined || v[FILE_PATH] !== undefined || size !== undefined) {
    const file: EcsDoc = {};
    if (v[FNAME] !== undefined) file.name = v[FNAME];
    if (v[FILE_PATH] !== undefined) file.path = v[FILE_PATH];
    if (size !== undefined) file.size = size;
    doc.file = file;
  }
}

function cefFields(header: CefHeader, extensions: Record<string, string>, custom: Values | undefined): EcsDoc {
  let labels: Record<string, string> | undefined;
  if (custom !== undefined) {
    for (let i = 0; i < CUSTOM_FIELDS.length; i++) {
      const [labelSlot, valueSlot] = CUSTOM_FIELDS[i]!;
      const value = custom[valueSlot];
      if (value === undefined) continue;
      const label = custom[labelSlot]?.trim();
      if (label) defineOwn((labels ??= {}), label, value);
    }
  }
  const cef: EcsDoc = {
    version: header.version,
    device: { vendor: header.deviceVendor, product: header.deviceProduct, version: header.deviceVersion, event_class_id: header.deviceEventClassId },
    name: header.name,
    severity: header.severity,
    extensions,
  };
  if (labels !== undefined) cef.labels = labels;
  return cef;
}
