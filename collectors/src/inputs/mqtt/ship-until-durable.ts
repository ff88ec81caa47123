// An MQTT message is acknowledged only once its event is durable, so the input cannot skip an
// event the shipper did not take: it offers it again, and the connection waits meanwhile (the
// broker holds what follows). Only the input itself gives an event up: closing, a connection
// gone (the broker sends the message again), or a shipper that stopped for good.
import type { EcsEvent } from '@halong/core';
import { ShipperError } from '../../pipeline/errors';
import type { Shipper } from '../../pipeline/shipper';
import { backoffDelay } from './backoff';
import type { BackoffBounds } from './backoff';

/** What {@link shipUntilDurable} needs from its input. */
export interface ShipLoop {
  shipper: Pick<Shipper, 'ship' | 'busy'>;
  /** Wait before offering again to a saturated shipper. */
  busyRetryMs: number;
  /** Pace of the retries after any other ship error. */
  errorBackoff: BackoffBounds;
  /** Sleeps `ms`; may resolve early (the input closing), `givenUp` is asked right after. */
  pause(ms: number): Promise<void>;
  /** Asked before every offer: true gives the events up. */
  givenUp(): boolean;
  onBusy(): void;
  onShipError(err: unknown): void;
}

/**
 * Offers `events` until the shipper has made them durable (true) or the input gives them up
 * (false). Saturation is waited out, other errors retried with backoff; a stopped shipper
 * (HALONG_SHIPPER_STOPPED) gives up at once.
 */
export async function shipUntilDurable(events: readonly EcsEvent[], loop: ShipLoop): Promise<boolean> {
  for (let failures = 0; ; ) {
    if (loop.givenUp()) return false;
    if (loop.shipper.busy(events.length)) {
      loop.onBusy();
      await loop.pause(loop.busyRetryMs);
      continue;
    }
    try {
      await loop.shipper.ship(events);
      return true;
    } catch (err) {
      if (err instanceof ShipperError && err.code === 'HALONG_SHIPPER_STOPPED') return false;
      if (err instanceof ShipperError && err.code === 'HALONG_SHIPPER_BUSY') {
        loop.onBusy();
        await loop.pause(loop.busyRetryMs);
      } else {
        loop.onShipError(err);
        await loop.pause(backoffDelay(failures++, loop.errorBackoff));
      }
    }
  }
}
