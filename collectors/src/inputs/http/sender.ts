// Who sent a request, as the envelope needs it. A collector or device certificate names its site
// in its SPIFFE path (spiffe://<trust-domain>/<kind>/<site>/<name>) and is the event's observer;
// anyone else (a service, a person's token) sent through this collector, which observes.
import type { Principal } from '@halong/core/node';
import type { EnvelopeContext } from '../../parse/envelope';

const SPIFFE = /^spiffe:\/\/[^/]+\/(collector|device|service)\/([^/]+)\/([^/]+)$/;

/** The envelope fields that depend on the sender. */
export function senderContext(principal: Principal | undefined, self: EnvelopeContext['observer']): Pick<EnvelopeContext, 'observer' | 'site' | 'sourceId'> {
  if (!principal) return { observer: self, sourceId: 'anonymous' };
  const m = SPIFFE.exec(principal.id);
  if ((principal.type === 'collector' || principal.type === 'device') && m) {
    return { observer: { id: principal.id, name: m[3]!, type: principal.type }, site: m[2]!, sourceId: principal.id };
  }
  return { observer: self, sourceId: principal.id };
}

/** Edge forwarders name events at the edge: an id they send is kept, so a re-sent batch is not a second copy. */
export function keepsEventIds(principal: Principal | undefined): boolean {
  return principal?.type === 'collector';
}
