import { gzipSync } from 'node:zlib';
import type { EcsEvent } from '@halong/core';
import { createLogger, createPep, createServer } from '@halong/core/node';
import type { Principal } from '@halong/core/node';
import { ingestRoutes } from '../../../src/inputs/http/ingest-routes';
import { PARSE_FAILURE_TAG } from '../../../src/parse/envelope';
import { ShipperError } from '../../../src/pipeline/errors';

const T = Date.parse('2026-11-24T02:00:00.000Z');
const EDGE = 'spiffe://halong.local/collector/phu-hoi/edge-01';

/** Tokens name the caller: an edge collector, an analyst (not allowed to ship), or a service. */
const principals: Record<string, Principal> = {
  edge: { type: 'collector', id: EDGE, properties: {} },
  analyst: { type: 'user', id: 'lan', properties: { roles: ['analyst'] } },
  beats: { type: 'service', id: 'spiffe://halong.local/service/dc/winlogbeat', properties: {} },
};

async function server(o: { busy?: boolean; clock?: () => number } = {}) {
  const shipped: EcsEvent[] = [];
  const shipper = {
    busy: () => o.busy === true,
    ship: async (events: readonly EcsEvent[]) => {
      if (o.busy) throw new ShipperError('HALONG_SHIPPER_BUSY');
      shipped.push(...events);
    },
  };
  const authorize = createPep({
    authorizer: { evaluate: async (r) => ({ decision: r.subject.type !== 'user' && r.resource.type === 'events' && r.action.name === 'create' }) },
    verifyBearer: async (token) => (principals[token] ? { ok: true, principal: principals[token]! } : { ok: false, code: 'HALONG_AUTH_BAD_TOKEN', reason: 'unknown token' }),
  });
  const app = createServer({ service: 'test', version: '0', logger: createLogger('test', 'silent'), authorize });
  await app.register(ingestRoutes, { shipper, self: { id: 'spiffe://halong.local/collector/central/col-1', type: 'collector' }, timeZone: 'Asia/Ho_Chi_Minh', maxBodyBytes: 1 << 20, maxOriginalBytes: 4096, clock: o.clock ?? (() => T) });
  return { app, shipped };
}

const as = (who: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${who}`, 'content-type': 'application/x-ndjson', ...extra });
const WINLOGBEAT = JSON.stringify({ '@timestamp': '2026-11-24T01:59:00.000Z', winlog: { channel: 'Security', event_id: 4625, provider_name: 'Microsoft-Windows-Security-Auditing', computer_name: 'dc01.hue.gov.vn', event_data: { TargetUserName: 'admin', IpAddress: '10.20.1.9' } } });

describe('POST /ingest/v1/events', () => {
  it('accepts NDJSON, reports the lines it could not read, and keeps those too, tagged with the reason', async () => {
    const { app, shipped } = await server();
    const body = [JSON.stringify({ '@timestamp': '2026-11-24T08:59:00+07:00', message: 'login ok', event: { dataset: 'app.portal', id: 'forged' } }), WINLOGBEAT, '{not json'].join('\n');
    const res = await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge'), payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, rejected: 1, errors: [{ line: 3, code: 'HALONG_PARSE_JSON', message: expect.stringContaining('not JSON') }] });
    expect(shipped).toHaveLength(3);
    const [portal, windows, broken] = shipped as [EcsEvent, EcsEvent, EcsEvent];
    expect(portal).toMatchObject({ '@timestamp': '2026-11-24T01:59:00.000Z', message: 'login ok', event: { dataset: 'app.portal', ingested: '2026-11-24T02:00:00.000Z' }, observer: { id: EDGE }, labels: { site: 'phu-hoi' } });
    // "forged" is not 128-bit hex: the envelope's id stands.
    expect(portal.event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(windows).toMatchObject({ event: { code: '4625', dataset: 'windows.security' }, winlog: { event_data: expect.anything() } });
    expect(broken).toMatchObject({ event: { kind: 'pipeline_error', original: '{not json' }, tags: [PARSE_FAILURE_TAG], error: { code: 'HALONG_PARSE_JSON' } });
  });

  it('keeps the event id an edge collector assigned, so a re-sent batch is the same events; others cannot choose ids', async () => {
    const { app, shipped } = await server();
    const line = JSON.stringify({ message: 'x', event: { id: '0123456789abcdef0123456789abcdef', original: '<13>Nov 24 09:00:00 fw x' } });
    await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge'), payload: line });
    await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('beats'), payload: line });
    expect(shipped[0]!.event).toMatchObject({ id: '0123456789abcdef0123456789abcdef', original: '<13>Nov 24 09:00:00 fw x' });
    expect(shipped[1]!.event.id).not.toBe('0123456789abcdef0123456789abcdef');
    expect(shipped[1]!.event.original).toBe(line);
    expect(shipped[1]!.observer).toMatchObject({ id: 'spiffe://halong.local/collector/central/col-1' });
  });

  it('inflates gzip, refuses broken gzip (400) and bodies that inflate past the bound (413), and keeps serving', async () => {
    const { app, shipped } = await server();
    const ok = await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge', { 'content-encoding': 'gzip' }), payload: gzipSync(`${JSON.stringify({ message: 'a' })}\n${JSON.stringify({ message: 'b' })}\n`) });
    expect(ok.json()).toMatchObject({ accepted: 2, rejected: 0 });
    const broken = await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge', { 'content-encoding': 'gzip' }), payload: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]) });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('HALONG_INGEST_BAD_GZIP');
    const bomb = await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge', { 'content-encoding': 'gzip' }), payload: gzipSync(Buffer.alloc(4 << 20, 'a')) });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error.code).toBe('HALONG_INGEST_TOO_LARGE');
    expect(shipped).toHaveLength(2);
  });

  it('refuses JSON nested 10,000 deep as a bad line, not a crash', async () => {
    const { app } = await server();
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const res = await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge'), payload: `${deep}\n{"message":"fine"}` });
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 1, errors: [{ line: 1, code: 'HALONG_PARSE_JSON' }] });
  });

  it('answers 503 with Retry-After when the collector is saturated', async () => {
    const { app } = await server({ busy: true });
    const res = await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('edge'), payload: '{"message":"a"}' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().error.code).toBe('HALONG_INGEST_BUSY');
  });

  it('needs a credential (401) and the policy’s consent (403)', async () => {
    const { app, shipped } = await server();
    expect((await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { 'content-type': 'application/x-ndjson' }, payload: '{}' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('nobody'), payload: '{}' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/ingest/v1/events', headers: as('analyst'), payload: '{}' })).statusCode).toBe(403);
    expect(shipped).toHaveLength(0);
  });
});

describe('the Elasticsearch-compatible surface', () => {
  it('answers the version check Beats make before shipping, at the configured URL with or without its trailing slash', async () => {
    const { app } = await server();
    for (const url of ['/ingest/es', '/ingest/es/']) {
      const res = await app.inject({ method: 'GET', url, headers: as('beats') });
      expect(res.statusCode).toBe(200);
      expect(res.json().version.number).toBe('7.10.2');
    }
  });

  it('takes a _bulk request as Winlogbeat sends it and answers item by item', async () => {
    const { app, shipped } = await server();
    const body = [
      JSON.stringify({ create: { _index: 'winlogbeat-7.12.1' } }),
      WINLOGBEAT,
      JSON.stringify({ index: { _index: 'winlogbeat-7.12.1', _id: 'doc-2' } }),
      JSON.stringify({ '@timestamp': '2026-11-24T01:59:30.000Z', message: 'plain' }),
      JSON.stringify({ delete: { _index: 'x', _id: 'y' } }),
      JSON.stringify({ create: {} }),
      '[1,2',
      '',
    ].join('\n');
    const res = await app.inject({ method: 'POST', url: '/ingest/es/_bulk', headers: as('beats', { 'content-type': 'application/json' }), payload: body });
    expect(res.statusCode).toBe(200);
    const { errors, items } = res.json();
    expect(errors).toBe(true);
    expect(items.map((i: Record<string, { status: number }>) => Object.values(i)[0]!.status)).toEqual([201, 201, 400, 400]);
    expect(items[0].create).toMatchObject({ _index: 'winlogbeat-7.12.1', result: 'created', _id: shipped[0]!.event.id });
    expect(shipped.map((e) => e.event.dataset)).toEqual(['windows.security', 'generic', 'halong.unparsed']);
  });

  it('names a document by its _id, so the shipper re-sending it later yields the same event id', async () => {
    let now = T;
    const { app, shipped } = await server({ clock: () => (now += 60_000) });
    const body = `${JSON.stringify({ index: { _id: 'fp-1' } })}\n${JSON.stringify({ message: 'same' })}\n`;
    await app.inject({ method: 'POST', url: '/ingest/es/logs/_bulk', headers: as('beats', { 'content-type': 'application/x-ndjson' }), payload: body });
    await app.inject({ method: 'POST', url: '/ingest/es/logs/_bulk', headers: as('beats', { 'content-type': 'application/x-ndjson' }), payload: body });
    expect(shipped[0]!.event.id).toBe(shipped[1]!.event.id);
    // Without an _id, the same text received at another time is another event.
    const plain = `${JSON.stringify({ index: {} })}\n${JSON.stringify({ message: 'same' })}\n`;
    await app.inject({ method: 'POST', url: '/ingest/es/logs/_bulk', headers: as('beats', { 'content-type': 'application/x-ndjson' }), payload: plain });
    await app.inject({ method: 'POST', url: '/ingest/es/logs/_bulk', headers: as('beats', { 'content-type': 'application/x-ndjson' }), payload: plain });
    expect(shipped[2]!.event.id).not.toBe(shipped[3]!.event.id);
  });

  it('answers 429 when saturated (every shipper retries it) and 400 for a body that is not _bulk', async () => {
    const busy = await server({ busy: true });
    const res = await busy.app.inject({ method: 'POST', url: '/ingest/es/_bulk', headers: as('beats', { 'content-type': 'application/json' }), payload: `{"create":{}}\n{"message":"a"}\n` });
    expect(res.statusCode).toBe(429);
    const { app } = await server();
    const bad = await app.inject({ method: 'POST', url: '/ingest/es/_bulk', headers: as('beats', { 'content-type': 'application/json' }), payload: 'hello' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HALONG_INGEST_BAD_BULK');
  });
});
