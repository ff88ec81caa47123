import type { EcsEvent } from '@halong/core';
import { shipUntilDurable } from '../../../src/inputs/mqtt';
import type { ShipLoop } from '../../../src/inputs/mqtt';
import { ShipperError } from '../../../src/pipeline/errors';

const event = { '@timestamp': '2026-11-24T02:00:00.000Z', event: { id: 'a'.repeat(32) } } as EcsEvent;

/** A loop whose shipper answers from `answers` (an error to throw, or undefined to accept), then accepts. */
function loop(answers: (Error | undefined)[], over: Partial<ShipLoop> = {}) {
  const seen = { offers: 0, busy: 0, errors: [] as unknown[], pauses: [] as number[], shipped: [] as EcsEvent[] };
  const l: ShipLoop = {
    shipper: {
      busy: () => false,
      ship: async (events) => {
        seen.offers += 1;
        const answer = answers.shift();
        if (answer) throw answer;
        seen.shipped.push(...events);
      },
    },
    busyRetryMs: 7,
    errorBackoff: { minMs: 100, maxMs: 1000 },
    pause: async (ms) => {
      seen.pauses.push(ms);
    },
    givenUp: () => false,
    onBusy: () => {
      seen.busy += 1;
    },
    onShipError: (err) => {
      seen.errors.push(err);
    },
    ...over,
  };
  return { l, seen };
}

describe('shipUntilDurable', () => {
  it('waits out a saturated shipper, whether it says so before or by refusing', async () => {
    let busyAsked = 0;
    const { l, seen } = loop([new ShipperError('HALONG_SHIPPER_BUSY'), new ShipperError('HALONG_SHIPPER_BUSY')]);
    l.shipper.busy = () => busyAsked++ < 2;
    await expect(shipUntilDurable([event], l)).resolves.toBe(true);
    expect(seen).toMatchObject({ busy: 4, offers: 3, pauses: [7, 7, 7, 7], shipped: [event] });
  });

  it('retries other failures with growing pauses, reporting each', async () => {
    const boom = new Error('spool: disk full');
    const { l, seen } = loop([boom, boom, boom]);
    await expect(shipUntilDurable([event], l)).resolves.toBe(true);
    expect(seen.errors).toEqual([boom, boom, boom]);
    expect(seen.pauses.length).toBe(3);
    expect(seen.pauses[0]).toBeLessThanOrEqual(100);
    expect(seen.pauses[2]).toBeGreaterThanOrEqual(200);
  });

  it('gives up when the shipper has stopped, or when the input says so', async () => {
    const stopped = loop([new ShipperError('HALONG_SHIPPER_STOPPED')]);
    await expect(shipUntilDurable([event], stopped.l)).resolves.toBe(false);
    expect(stopped.seen.shipped).toEqual([]);

    let giveUp = false;
    const closing = loop([new ShipperError('HALONG_SHIPPER_BUSY')], { givenUp: () => giveUp, pause: async () => void (giveUp = true) });
    await expect(shipUntilDurable([event], closing.l)).resolves.toBe(false);
    expect(closing.seen.offers).toBe(1);
  });
});
