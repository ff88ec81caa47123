// Real temp files, a fake shipper that records what it was given, and a wait that polls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EcsEvent } from '@halong/core';
import { startFileTail } from '../../../src/inputs/file';
import type { FileTail, FileTailOptions, TailedFile } from '../../../src/inputs/file';
import { ShipperError } from '../../../src/pipeline/errors';

export const SELF = { id: 'spiffe://halong.local/collector/phu-hoi/col-1', name: 'col-1', type: 'collector' };

export interface FakeShipper {
  shipped: EcsEvent[];
  calls: number;
  busy(count?: number): boolean;
  ship(events: readonly EcsEvent[]): Promise<void>;
}

/** A shipper that refuses with BUSY `refusals` times and says busy until `busyUntil` (epoch ms). */
export function fakeShipper(o: { refusals?: number; busy?: () => boolean; delayMs?: number } = {}): FakeShipper {
  let refusals = o.refusals ?? 0;
  const shipper: FakeShipper = {
    shipped: [],
    calls: 0,
    busy: o.busy ?? (() => false),
    async ship(events) {
      shipper.calls += 1;
      if (refusals > 0) {
        refusals -= 1;
        throw new ShipperError('HALONG_SHIPPER_BUSY');
      }
      if (o.delayMs) await sleep(o.delayMs);
      shipper.shipped.push(...events);
    },
  };
  return shipper;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return;
    await sleep(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A temp directory per test, removed afterwards, and the tails started in it closed. */
export function tailFixture() {
  let dir = '';
  const tails: FileTail[] = [];
  const errors: unknown[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-tail-'));
    errors.length = 0;
  });
  afterEach(async () => {
    await Promise.all(tails.splice(0).map((t) => t.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    path: (name: string) => join(dir, name),
    get checkpointDir() {
      return join(dir, 'checkpoints');
    },
    errors,
    async start(files: TailedFile[], shipper: FakeShipper, over: Partial<FileTailOptions> = {}): Promise<FileTail> {
      const tail = await startFileTail({
        files,
        checkpointDir: join(dir, 'checkpoints'),
        shipper,
        self: SELF,
        site: 'phu-hoi',
        timeZone: 'Asia/Ho_Chi_Minh',
        maxLineBytes: 64 * 1024,
        maxOriginalBytes: 16 * 1024,
        pollMs: 10,
        rotatedGraceMs: 100,
        onError: (err) => errors.push(err),
        ...over,
      });
      tails.push(tail);
      return tail;
    },
  };
}

export const messages = (events: readonly EcsEvent[]) => events.map((e) => e.message);
export const ids = (events: readonly EcsEvent[]) => events.map((e) => e.event.id);
export const lines = (from: number, to: number, prefix = 'line') => Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);
export const text = (ls: readonly string[]) => ls.map((l) => `${l}\n`).join('');
