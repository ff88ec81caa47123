// Windows waiting to be final, earliest due first. A binary heap: with non-monotone
// correlations every accepted hit waits here for the lateness bound, so a scan would not do.

/** One waiting window: the hit that ends it, and when it becomes final. */
export interface PendingWindow {
  /** Final once the watermark is past this (window end + the correlation's lateness). */
  due: number;
  /** Chain depth of the correlation: inner correlations first, so their matches reach outer ones in time. */
  depth: number;
  correlationId: string;
  groupKey: string;
  eventId: string;
}

function before(a: PendingWindow, b: PendingWindow): boolean {
  if (a.due !== b.due) return a.due < b.due;
  if (a.depth !== b.depth) return a.depth < b.depth;
  // A total order, so the evaluation order never depends on arrival or restore order.
  const ka = `${a.correlationId}\u0000${a.groupKey}\u0000${a.eventId}`;
  const kb = `${b.correlationId}\u0000${b.groupKey}\u0000${b.eventId}`;
  return ka < kb;
}

/** Min-heap of waiting windows. Entries that went stale (evicted group, consumed window) are skipped by the caller. */
export class PendingQueue {
  private heap: PendingWindow[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(item: PendingWindow): void {
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as PendingWindow, h[parent] as PendingWindow)) break;
      [h[i], h[parent]] = [h[parent] as PendingWindow, h[i] as PendingWindow];
      i = parent;
    }
  }

  /** The earliest window if it is due before `limit` (removed), else undefined. */
  popDue(limit: number): PendingWindow | undefined {
    const h = this.heap;
    const top = h[0];
    if (!top || !(top.due < limit)) return undefined;
    const last = h.pop() as PendingWindow;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as PendingWindow, h[m] as PendingWindow)) m = l;
        if (r < h.length && before(h[r] as PendingWindow, h[m] as PendingWindow)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as PendingWindow, h[i] as PendingWindow];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.heap = [];
  }
}
