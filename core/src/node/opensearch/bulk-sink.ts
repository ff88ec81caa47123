import type { Client } from '@opensearch-project/opensearch';
import type { Logger } from 'pino';
import { HalongError } from '../../error-codes';
import type { Metrics } from '../server/metrics';
import { backoffDelay, sleep as realSleep } from './backoff';
import type { BulkBody } from './bulk-body';
import { bulkBody } from './bulk-body';

/** A document to write with `create`: `id` makes a redelivery a harmless 409. */
export interface SinkDoc {
  index: string;
  id: string;
  /** The document; may be left out when `source` carries it. */
  doc?: unknown;
  /**
   * The document already serialised on one line (the Kafka record's text or bytes): sent as is,
   * so the indexer neither parses nor stringifies it again.
   */
  source?: string | Buffer;
  /**
   * Instead of `create` (the first write wins, a repeat is a 409 duplicate): a scripted update
   * of the stored document, with `doc` stored when there is none yet. For documents that grow
   * under one id, such as alerts.
   */
  update?: { script: string; params: Record<string, unknown> };
}

/** A message that cannot be indexed at all (not JSON, no id...), kept with its reason. */
export interface DeadLetter {
  id: string;
  reason: string;
  errorType: string;
  status?: number;
  targetIndex?: string;
  source?: string;
  original: string;
}

export interface SinkResult {
  created: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
}

export interface BulkSinkOptions {
  client: Pick<Client, 'bulk'>;
  deadLetterIndex: string;
  /** Attempts for retryable failures (429, 5xx, connection) before the write fails; the caller must not commit then. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  refresh?: boolean | 'wait_for';
  metrics?: Metrics;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface BulkSink {
  /** Resolves once every doc is acknowledged: created, already there, or dead-lettered. */
  write(docs: readonly SinkDoc[]): Promise<SinkResult>;
  /** {@link BulkSink.write} of a body built beforehand (BulkBodyBuilder), so the documents need not be kept meanwhile. */
  writeBody(body: BulkBody): Promise<SinkResult>;
  deadLetter(letters: readonly DeadLetter[]): Promise<void>;
}

const BULK_FILTER = 'items.*.status,items.*.error';

interface ItemResult {
  status: number;
  error?: { type?: string; reason?: string };
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/**
 * Writes batches with bulk `create`, reads every item's result, retries only what is
 * retryable and sends what OpenSearch will never accept to the dead-letter index.
 */
export function createBulkSink(options: BulkSinkOptions): BulkSink {
  const maxAttempts = options.maxAttempts ?? 10;
  const base = options.backoffBaseMs ?? 100;
  const max = options.backoffMaxMs ?? 10_000;
  const sleep = options.sleep ?? realSleep;
  const counter = options.metrics?.counter('halong_sink_documents_total', 'Documents the bulk sink finished with', ['result']);
  const retryCounter = options.metrics?.counter('halong_sink_retries_total', 'Bulk requests or items retried', ['reason']);
  const requestSeconds = options.metrics?.histogram('halong_sink_bulk_seconds', 'Bulk requests OpenSearch answered, by duration', [], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);

  async function bulkWithRetry(body: Buffer, count: number): Promise<ItemResult[]> {
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      try {
        // Only each item's status and error are read: the rest of a 1,000-item answer is parse work.
        const started = performance.now();
        // The client's types want operation objects; a Buffer body is sent as is.
        const response = await options.client.bulk({ body: body as never, filter_path: BULK_FILTER, ...(options.refresh ? { refresh: options.refresh } : {}) });
        requestSeconds?.observe((performance.now() - started) / 1000);
        const items = (response.body.items ?? []) as Record<string, ItemResult>[];
        if (items.length !== count) throw new Error(`bulk answered ${items.length} items for ${count}`);
        return items.map((item) => Object.values(item)[0]!);
      } catch (err) {
        // The client reports "no answer" (refused connection, timeout) with statusCode null.
        const status = (err as { meta?: { statusCode?: number | null } }).meta?.statusCode ?? undefined;
        if (status !== undefined && !RETRYABLE(status)) {
          throw new HalongError('HALONG_SINK_REJECTED', `OpenSearch refused the bulk request (${status}): ${(err as Error).message}`, { cause: err });
        }
        reason = status === 429 ? 'throttled' : status ? `http_${status}` : 'connection';
        if (attempt + 1 >= maxAttempts) {
          throw new HalongError('HALONG_SINK_RETRIES_EXHAUSTED', `bulk request failed ${maxAttempts} times: ${(err as Error).message}`, { cause: err });
        }
      }
      retryCounter?.inc({ reason });
      await sleep(backoffDelay(attempt, base, max));
    }
  }

  /** Writes a body's items, retrying only those OpenSearch pushed back on; returns the positions it refused for good. */
  async function createAll(body: BulkBody): Promise<SinkResult & { refused: { at: number; item: ItemResult }[] }> {
    const result = { created: 0, duplicates: 0, deadLettered: 0, retries: 0, refused: [] as { at: number; item: ItemResult }[] };
    // Positions in `body` of the items in `pending` (a retry's body holds only some of them).
    let positions: number[] | undefined;
    let pending = body;
    for (let attempt = 0; pending.count; attempt++) {
      const items = await bulkWithRetry(pending.bytes, pending.count);
      const retry: number[] = [];
      items.forEach((item, i) => {
        if (item.status === 201 || item.status === 200) result.created++;
        else if (item.status === 409) result.duplicates++;
        else if (RETRYABLE(item.status)) retry.push(i);
        else result.refused.push({ at: positions ? positions[i]! : i, item });
      });
      if (retry.length) {
        if (attempt + 1 >= maxAttempts) {
          throw new HalongError('HALONG_SINK_RETRIES_EXHAUSTED', `${retry.length} documents still refused after ${maxAttempts} attempts`);
        }
        result.retries += retry.length;
        retryCounter?.inc({ reason: 'item' }, retry.length);
        options.logger?.warn({ count: retry.length, attempt }, 'OpenSearch pushed back on bulk items; retrying');
        await sleep(backoffDelay(attempt, base, max));
      }
      const previous = positions;
      positions = retry.map((i) => (previous ? previous[i]! : i));
      pending = pending.pick(retry);
    }
    return result;
  }

  async function deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    if (!letters.length) return;
    const now = new Date().toISOString();
    const docs = letters.map((l) => ({
      index: options.deadLetterIndex,
      id: l.id,
      doc: {
        '@timestamp': now,
        reason: l.reason,
        error_type: l.errorType,
        status: l.status,
        target_index: l.targetIndex,
        source: l.source,
        original: l.original,
      },
    }));
    const { refused } = await createAll(bulkBody(docs));
    if (refused.length) {
      // Never acknowledge what is nowhere: the caller keeps the batch uncommitted.
      const first = refused[0]!.item;
      throw new HalongError('HALONG_SINK_REJECTED', `dead-letter index refused ${refused.length} documents: ${first.error?.reason ?? first.status}`);
    }
    counter?.inc({ result: 'dead_lettered' }, letters.length);
  }

  async function writeBody(body: BulkBody): Promise<SinkResult> {
    const { refused, ...result } = await createAll(body);
    const letters = refused.map(({ at, item }) => {
      const { index, id, source } = body.item(at);
      return { id, reason: item.error?.reason ?? `status ${item.status}`, errorType: item.error?.type ?? 'unknown', status: item.status, targetIndex: index, original: source };
    });
    await deadLetter(letters);
    result.deadLettered = letters.length;
    counter?.inc({ result: 'created' }, result.created);
    counter?.inc({ result: 'duplicate' }, result.duplicates);
    return result;
  }

  return { write: (docs) => writeBody(bulkBody(docs)), writeBody, deadLetter };
}
