import { PendingQueue } from '../../src/correlation/pending-queue';
import type { PendingWindow } from '../../src/correlation/pending-queue';

const w = (due: number, depth = 0, eventId = `e${due}`): PendingWindow => ({ due, depth, correlationId: 'c', groupKey: 'g', eventId });

describe('PendingQueue', () => {
  it('pops windows due before the limit, earliest first, inner correlations first on a tie', () => {
    const q = new PendingQueue();
    [w(50), w(10, 1, 'outer'), w(30), w(10, 0, 'inner'), w(20), w(40)].forEach((x) => q.push(x));
    const popped: string[] = [];
    for (let p = q.popDue(45); p; p = q.popDue(45)) popped.push(p.eventId);
    expect(popped).toEqual(['inner', 'outer', 'e20', 'e30', 'e40']);
    expect(q.size).toBe(1);
    expect(q.popDue(50)).toBeUndefined();
    expect(q.popDue(51)?.eventId).toBe('e50');
  });

  it('orders many windows like a sort would', () => {
    const q = new PendingQueue();
    const dues = Array.from({ length: 200 }, (_, i) => (i * 7919) % 211);
    dues.forEach((d, i) => q.push(w(d, 0, String(i).padStart(3, '0'))));
    const out: number[] = [];
    for (let p = q.popDue(Infinity); p; p = q.popDue(Infinity)) out.push(p.due);
    expect(out).toEqual([...dues].sort((a, b) => a - b));
  });
});
