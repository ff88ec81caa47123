// Watches what a collector ships: learns each source's cadence (for silent-source alerts) and
// sends the collector's own status as a heartbeat event every `heartbeatMs`, through the same
// shipper as everything else, so it is durable and reaches the centre from an edge site too.
import type { Alert, EcsEvent } from '@halong/core';
import type { Shipper } from '../pipeline/shipper';
import type { FleetStatus } from './heartbeat';
import { heartbeatEvent } from './heartbeat';
import { SilenceWatch } from './silence-watch';
import { silentSourceAlert } from './silent-source-alert';

/** Options of {@link startFleetMonitor}. */
export interface FleetMonitorOptions {
  shipper: Pick<Shipper, 'ship' | 'busy' | 'stats'>;
  /** Everything of the status but the rates and spool, which the monitor measures. */
  describe: () => Omit<FleetStatus, 'eventsPerSecond' | 'spool'> & { spool: { records: number; bytes: number } };
  heartbeatMs?: number;
  /** Silent-source alerts go here (the alerts topic); without it, sources are not watched. */
  alert?: (alerts: Alert[]) => Promise<void>;
  silentAfterMs?: number;
  checkMs?: number;
  clock?: () => number;
  onError?: (err: unknown) => void;
}

/** The monitor: `ship` wraps the shipper for the inputs; `close` stops the timers. */
export interface FleetMonitor {
  ship(events: readonly EcsEvent[]): Promise<void>;
  busy(count?: number): boolean;
  /** Sends a heartbeat now (once the inputs are up, so the first one names their ports). */
  beatNow(): void;
  close(): void;
}

/** The key a source is known by: its host, else the identity that sent it. */
export function sourceKey(e: EcsEvent): string {
  return e.host?.name ? `host:${e.host.name}` : `source:${e.observer?.id ?? 'unknown'}`;
}

/** Starts the heartbeat and, with `alert`, the silent-source watch. */
export function startFleetMonitor(o: FleetMonitorOptions): FleetMonitor {
  const clock = o.clock ?? Date.now;
  const watch = new SilenceWatch({ minSilenceMs: o.silentAfterMs ?? 600_000 });
  let lastBeat = clock();
  let lastCount = 0;
  let accepted = 0;
  const beat = () => {
    const now = clock();
    const rate = ((accepted - lastCount) * 1000) / Math.max(1, now - lastBeat);
    lastBeat = now;
    lastCount = accepted;
    const status = o.describe();
    o.shipper.ship([heartbeatEvent({ ...status, eventsPerSecond: rate }, now)]).catch((err: unknown) => o.onError?.(err));
  };
  const check = () => {
    const silent = watch.check(clock());
    if (silent.length > 0 && o.alert) o.alert(silent.map((s) => silentSourceAlert(s, clock()))).catch((err: unknown) => o.onError?.(err));
  };
  const beatTimer = setInterval(beat, o.heartbeatMs ?? 30_000).unref();
  const checkTimer = o.alert ? setInterval(check, o.checkMs ?? 60_000).unref() : undefined;
  return {
    beatNow: beat,
    busy: (count = 1) => o.shipper.busy(count),
    async ship(events) {
      await o.shipper.ship(events);
      accepted += events.length;
      if (!o.alert) return;
      const now = clock();
      for (const e of events) watch.seen(sourceKey(e), now);
    },
    close() {
      clearInterval(beatTimer);
      if (checkTimer) clearInterval(checkTimer);
    },
  };
}
