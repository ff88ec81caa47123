// A source that stops sending is often the first sign of trouble (a firewall rebooted, a link
// cut, an attacker silencing a log). Each source's cadence is learned from its own inter-arrival
// times (a smoothed average); a source silent for longer than `factor` × its cadence (and at
// least `minSilenceMs`) is reported once per silence, and again only after it has spoken since.
// Pure: the caller gives the times, so tests run on a frozen clock.

/** A source that went quiet. */
export interface SilentSource {
  key: string;
  lastSeen: number;
  /** The cadence it had, in milliseconds (smoothed mean interval between messages). */
  cadenceMs: number;
  silentForMs: number;
}

/** Options of {@link SilenceWatch}. */
export interface SilenceWatchOptions {
  /** Silence longer than this many cadences raises. */
  factor?: number;
  /** Never raise for less silence than this (a chatty source pausing for a second is not silent). */
  minSilenceMs?: number;
  /** Messages needed before the cadence is trusted. */
  warmup?: number;
  /** Sources tracked at most; the longest-silent beyond are forgotten (bounded memory). */
  maxSources?: number;
}

interface Track {
  lastSeen: number;
  cadence: number;
  count: number;
  reported: boolean;
}

/** Learns each source's cadence and says which went silent. */
export class SilenceWatch {
  private readonly tracks = new Map<string, Track>();
  private readonly factor: number;
  private readonly minSilence: number;
  private readonly warmup: number;
  private readonly maxSources: number;

  constructor(o: SilenceWatchOptions = {}) {
    this.factor = o.factor ?? 5;
    this.minSilence = o.minSilenceMs ?? 10 * 60_000;
    this.warmup = o.warmup ?? 5;
    this.maxSources = o.maxSources ?? 100_000;
  }

  /** Number of sources tracked. */
  get size(): number {
    return this.tracks.size;
  }

  /** Records a message from `key` at `at` (epoch ms). */
  seen(key: string, at: number): void {
    const t = this.tracks.get(key);
    if (!t) {
      if (this.tracks.size >= this.maxSources) this.forgetOldest();
      this.tracks.set(key, { lastSeen: at, cadence: 0, count: 1, reported: false });
      return;
    }
    if (at <= t.lastSeen) return;
    const gap = at - t.lastSeen;
    // Smoothed so one burst or one lull does not redefine the source.
    t.cadence = t.count === 1 ? gap : 0.8 * t.cadence + 0.2 * gap;
    t.count += 1;
    t.lastSeen = at;
    t.reported = false;
  }

  /** Sources silent beyond their allowance at `now`, each reported once per silence. */
  check(now: number): SilentSource[] {
    const out: SilentSource[] = [];
    for (const [key, t] of this.tracks) {
      if (t.reported || t.count < this.warmup) continue;
      const silentFor = now - t.lastSeen;
      if (silentFor > Math.max(this.minSilence, this.factor * t.cadence)) {
        t.reported = true;
        out.push({ key, lastSeen: t.lastSeen, cadenceMs: Math.round(t.cadence), silentForMs: silentFor });
      }
    }
    return out;
  }

  private forgetOldest(): void {
    let oldest: string | undefined;
    let at = Number.POSITIVE_INFINITY;
    for (const [key, t] of this.tracks) {
      if (t.lastSeen < at) {
        at = t.lastSeen;
        oldest = key;
      }
    }
    if (oldest !== undefined) this.tracks.delete(oldest);
  }
}
