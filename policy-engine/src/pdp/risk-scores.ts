// Entity risk scores that decay exponentially with an injected clock, in a bounded map
// (the least recently raised entity is evicted first).
import type { Entity } from './decision-types';
import { entityKey } from './entities';
import { PolicyOptionError } from './errors';

/** How risk scores behave. */
export interface RiskScoreOptions {
  /** After this long without a raise a score is half what it was. */
  halfLifeMs: number;
  /** Epoch milliseconds. */
  clock: () => number;
  /** Most entities kept; 10,000 unless told. */
  maxEntries?: number;
  /** Highest score; 100 unless told. */
  maxScore?: number;
  /** Reasons kept per entity, newest last; 5 unless told. */
  maxReasons?: number;
}

/** One raise, as remembered for explanations. */
export interface RiskRaise {
  amount: number;
  reason: string;
  at: number;
}

/** Decaying risk per entity; `riskOf` makes it usable as the risk half of an EntityStateProvider. */
export interface RiskScores {
  /**
   * Adds `amount` to the decayed score (capped at maxScore) and returns the score now. `at`
   * (epoch ms, default now) dates the raise: a raise older than the entity's last one (an alert
   * replayed after a restart, or read late from another partition) counts as decayed since then.
   */
  raise(entity: Entity, amount: number, reason: string, at?: number): number;
  /** The score now, decayed since the last raise; 0 for unknown entities. */
  scoreOf(entity: Entity): number;
  /** The same as scoreOf. */
  riskOf(entity: Entity): number;
  /** The last raises of an entity, oldest first. */
  reasonsOf(entity: Entity): RiskRaise[];
  /** Forgets an entity. */
  clear(entity: Entity): void;
  /** How many entities are kept. */
  readonly size: number;
}

interface Entry {
  score: number;
  at: number;
  reasons: RiskRaise[];
}

// Scores below this are forgotten on read.
const NEGLIGIBLE = 0.01;

/** Creates an empty score table; throws a coded error on invalid options. */
export function createRiskScores(options: RiskScoreOptions): RiskScores {
  const { halfLifeMs, clock, maxEntries = 10_000, maxScore = 100, maxReasons = 5 } = options;
  if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) throw new PolicyOptionError('halfLifeMs must be a positive number');
  if (!(maxEntries >= 1) || !Number.isInteger(maxEntries)) throw new PolicyOptionError('maxEntries must be a positive integer');
  if (!(maxScore > 0)) throw new PolicyOptionError('maxScore must be positive');
  const entries = new Map<string, Entry>();

  const decayed = (e: Entry, now: number): number => e.score * Math.pow(0.5, Math.max(0, now - e.at) / halfLifeMs);

  function scoreOf(entity: Entity): number {
    const key = entityKey(entity);
    const e = entries.get(key);
    if (!e) return 0;
    const score = decayed(e, clock());
    if (score < NEGLIGIBLE) {
      entries.delete(key);
      return 0;
    }
    return score;
  }

  return {
    raise(entity, amount, reason, at) {
      if (!Number.isFinite(amount)) throw new PolicyOptionError('a risk raise must be a finite number');
      const when = at ?? clock();
      if (!Number.isFinite(when)) throw new PolicyOptionError('a risk raise must be dated by a finite time');
      const key = entityKey(entity);
      const e = entries.get(key);
      // Exponential decay makes the order of raises irrelevant: a late one is added as it has
      // decayed by the entry's time, which stays the newest raise's.
      const late = e !== undefined && when < e.at;
      const stamp = late ? e.at : when;
      const before = e ? (late ? e.score : decayed(e, when)) : 0;
      const added = late ? amount * Math.pow(0.5, (e.at - when) / halfLifeMs) : amount;
      const score = Math.min(maxScore, Math.max(0, before + added));
      const reasons = [...(e?.reasons ?? []), { amount, reason, at: when }].sort((a, b) => a.at - b.at).slice(-maxReasons);
      entries.delete(key);
      const entry = { score, at: stamp, reasons };
      entries.set(key, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return decayed(entry, clock());
    },
    scoreOf,
    riskOf: scoreOf,
    reasonsOf: (entity) => [...(entries.get(entityKey(entity))?.reasons ?? [])],
    clear: (entity) => void entries.delete(entityKey(entity)),
    get size() {
      return entries.size;
    },
  };
}
