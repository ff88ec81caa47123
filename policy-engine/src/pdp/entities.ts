// Which entities a request is about, for risk scores and quarantine: the subject's identity
// (user id or SPIFFE id), its host and client IP; the resource's host or IP.
import { normalizeIp } from './cidr';
import type { DecisionRequest, Entity } from './decision-types';

/** A stable map key for an entity; IP addresses are normalised (v4-mapped IPv6 → IPv4). */
export function entityKey(entity: Entity): string {
  return `${entity.kind}:${entity.kind === 'ip' ? normalizeIp(entity.id) : entity.id}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The subject's identity, then its host (`properties.host`) and client IP (`context.ip`). */
export function subjectEntities(request: DecisionRequest): Entity[] {
  const { subject } = request;
  const out: Entity[] = [
    subject.id.startsWith('spiffe://') ? { kind: 'spiffe', id: subject.id } : { kind: subject.type, id: subject.id },
  ];
  const host = str(subject.properties?.['host']);
  if (host) out.push({ kind: 'host', id: host });
  const ip = str(request.context?.['ip']);
  if (ip) out.push({ kind: 'ip', id: ip });
  return out;
}

/** The resource as an entity when it is a host, IP or user, plus `properties.host` / `properties.ip`. */
export function resourceEntities(request: DecisionRequest): Entity[] {
  const { resource } = request;
  const out: Entity[] = [];
  if (resource.type === 'host' || resource.type === 'ip' || resource.type === 'user') {
    out.push({ kind: resource.type, id: resource.id });
  }
  const host = str(resource.properties?.['host']);
  if (host) out.push({ kind: 'host', id: host });
  const ip = str(resource.properties?.['ip']);
  if (ip) out.push({ kind: 'ip', id: ip });
  return out;
}
