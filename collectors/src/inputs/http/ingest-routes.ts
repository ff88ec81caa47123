// HTTP ingest: NDJSON batches at /ingest/v1/events, and an Elasticsearch/OpenSearch-compatible
// surface at /ingest/es (GET / for the version check, POST [/<index>]/_bulk) so Beats, Fluent
// Bit, Vector and Logstash ship unchanged. Every route is protected: the PEP proves the sender
// (mTLS or JWT) and asks the policy for `create` on `events`. A reply is sent once the accepted
// events are durable (Kafka or spool); a line that cannot be read is kept as an unparsed event
// with its reason and reported as rejected, so nothing sent is lost either way.
import type { EcsEvent } from '@halong/core';
import type { HalongServer } from '@halong/core/node';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { EnvelopeContext } from '../../parse/envelope';
import { envelope, unparsedEvent } from '../../parse/envelope';
import type { ParseOutcome, SourceContext } from '../../parse/types';
import { ShipperError } from '../../pipeline/errors';
import type { Shipper } from '../../pipeline/shipper';
import { inflate, lines } from './body';
import { readBulk } from './bulk-request';
import { IngestError } from './errors';
import { jsonLineToEvent } from './json-event';
import { keepsEventIds, senderContext } from './sender';

/** Options of {@link ingestRoutes}. */
export interface IngestRoutesOptions {
  shipper: Pick<Shipper, 'ship' | 'busy'>;
  /** This collector as observer, for senders that are not collectors themselves. */
  self: EnvelopeContext['observer'];
  /** Zone of zone-less timestamps. */
  timeZone: string;
  /** Bound of a body once inflated. */
  maxBodyBytes: number;
  /** Bound of event.original. */
  maxOriginalBytes: number;
  /** Applied to every event before it is shipped (personal-data pseudonymisation). */
  redact?: (event: EcsEvent) => EcsEvent;
  /** Seconds a saturated collector asks senders to wait. */
  retryAfterSeconds?: number;
  clock?: () => number;
}

const EVENT_ID = /^[0-9a-f]{32}$/;
/** Rejection reasons returned per request, at most. */
const MAX_REPORTED = 100;
const access = { access: 'protected' as const, resource: { type: 'events' }, action: 'create' };

interface Prepared {
  events: EcsEvent[];
  outcomes: ParseOutcome[];
}

/** The ingest routes (register on a server built with core's `createServer`). */
export const ingestRoutes: FastifyPluginAsync<IngestRoutesOptions> = async (fastify, o) => {
  const app = fastify as unknown as HalongServer;
  const clock = o.clock ?? Date.now;
  // Bodies are read raw: gzip and NDJSON are handled here, within our own bounds.
  for (const type of ['application/x-ndjson', 'application/json', 'text/plain', '*']) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }

  const prepare = (request: FastifyRequest, docs: { text: string; id?: string }[], dataset: string | undefined): Prepared => {
    const receivedAt = clock();
    const source: SourceContext = { timeZone: o.timeZone, receivedAt, ...(request.ip ? { address: request.ip } : {}) };
    const sender = senderContext(request.principal, o.self);
    const trusted = keepsEventIds(request.principal);
    const events: EcsEvent[] = [];
    const outcomes: ParseOutcome[] = [];
    docs.forEach((doc, k) => {
      const outcome = jsonLineToEvent(doc.text, source, dataset, trusted);
      outcomes.push(outcome);
      // A document's own _id, when the shipper sets one, names it across re-sends.
      const ctx: EnvelopeContext = { ...sender, receivedAt, sequence: k, ...(doc.id ? { senderKey: doc.id } : {}), maxOriginalBytes: o.maxOriginalBytes };
      // Read before the envelope, which completes the parsed event in place.
      const given = outcome.ok ? (outcome.event.event as Record<string, unknown>)['id'] : undefined;
      const original = outcome.ok ? (outcome.event.event as Record<string, unknown>)['original'] : undefined;
      const event = outcome.ok ? envelope(outcome.event, doc.text, ctx) : unparsedEvent(doc.text, outcome.failure, ctx);
      if (trusted && typeof given === 'string' && EVENT_ID.test(given)) event.event.id = given;
      // An edge collector's event already holds the raw record: the line it sent is not it.
      if (trusted && typeof original === 'string') event.event.original = original;
      events.push(o.redact ? o.redact(event) : event);
    });
    return { events, outcomes };
  };

  const ship = async (reply: FastifyReply, events: EcsEvent[], status: number): Promise<boolean> => {
    try {
      await o.shipper.ship(events);
      return true;
    } catch (err) {
      if (!(err instanceof ShipperError)) throw err;
      const busy = new IngestError('HALONG_INGEST_BUSY', err.message);
      await reply
        .status(status)
        .header('retry-after', String(o.retryAfterSeconds ?? 1))
        .send({ error: { code: busy.code, message: busy.message, requestId: reply.request.id } });
      return false;
    }
  };

  app.post('/ingest/v1/events', { config: access }, async (request, reply) => {
    const body = inflate(request.body as Buffer, request.headers['content-encoding'] as string | undefined, o.maxBodyBytes);
    const dataset = datasetParam(request.query);
    const docs = lines(body);
    const { events, outcomes } = prepare(request, docs, dataset);
    if (!(await ship(reply, events, 503))) return reply;
    const errors = outcomes.flatMap((x, k) => (x.ok ? [] : [{ line: docs[k]!.line, code: x.failure.code, message: x.failure.message }]));
    return { accepted: outcomes.length - errors.length, rejected: errors.length, errors: errors.slice(0, MAX_REPORTED) };
  });

  // What Beats and the Elasticsearch clients ask before shipping: a 7.10-compatible version.
  // Beats ask for the configured URL as written, so `…/ingest/es/` is asked for too.
  const info = async () => ({
    name: 'halong-collector',
    cluster_name: 'halong',
    version: { number: '7.10.2', distribution: 'halong', build_flavor: 'oss' },
    tagline: 'Halong ingest: Elasticsearch-compatible _bulk',
  });
  app.get('/ingest/es', { config: access }, info);
  app.get('/ingest/es/', { config: access }, info);

  const bulk = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = clock();
    const body = inflate(request.body as Buffer, request.headers['content-encoding'] as string | undefined, o.maxBodyBytes);
    const ops = readBulk(lines(body).map((l) => l.text));
    if ('error' in ops) throw new IngestError('HALONG_INGEST_BAD_BULK', ops.error);
    const pathIndex = (request.params as { index?: string }).index;
    const accepted = ops.filter((op) => op.doc !== undefined);
    const docs = accepted.map((op) => ({ text: op.doc!, ...(op.id ? { id: op.id } : {}) }));
    const { events, outcomes } = prepare(request, docs, undefined);
    // Elasticsearch answers a saturated bulk with 429, which every shipper retries.
    if (!(await ship(reply, events, 429))) return reply;
    let k = 0;
    const items = ops.map((op) => {
      const index = op.index ?? pathIndex ?? 'halong-events';
      const action = op.action === 'index' ? 'index' : op.action === 'delete' ? 'delete' : op.action === 'update' ? 'update' : 'create';
      if (op.doc === undefined) return { [action]: { _index: index, _id: op.id ?? null, status: 400, error: { type: 'illegal_argument_exception', reason: op.error } } };
      const event = events[k]!;
      const outcome = outcomes[k++]!;
      if (!outcome.ok) return { [action]: { _index: index, _id: event.event.id, status: 400, error: { type: 'mapper_parsing_exception', reason: `${outcome.failure.code}: ${outcome.failure.message}` } } };
      return { [action]: { _index: index, _id: event.event.id, _version: 1, result: 'created', status: 201 } };
    });
    return { took: clock() - started, errors: items.some((i) => (Object.values(i)[0] as { status: number }).status >= 300), items };
  };
  app.post('/ingest/es/_bulk', { config: access }, bulk);
  app.put('/ingest/es/_bulk', { config: access }, bulk);
  app.post('/ingest/es/:index/_bulk', { config: access }, bulk);
  app.put('/ingest/es/:index/_bulk', { config: access }, bulk);
};

function datasetParam(query: unknown): string | undefined {
  const d = (query as Record<string, unknown> | undefined)?.['dataset'];
  return typeof d === 'string' && /^[a-z0-9_.-]{1,100}$/.test(d) ? d : undefined;
}
