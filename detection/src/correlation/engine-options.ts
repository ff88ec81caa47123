// Engine settings with their defaults, checked once.
import { CorrelationError } from './errors';
import type { CorrelationEngineOptions, CorrelationStats } from './types';

const DEFAULTS = {
  allowedLatenessMs: 120_000,
  maxGroupsPerCorrelation: 10_000,
  maxEventsPerGroup: 1_000,
  maxMatchHits: 50,
  sweepIntervalMs: 1_000,
  maxFutureMs: 300_000,
  chaining: 'local' as 'local' | 'publish',
};

/** Every setting resolved. */
export type EngineSettings = typeof DEFAULTS & { clock?: { now(): number } };

/** Defaults filled in; a HALONG_CORRELATION_INVALID error for a bound that cannot work. */
export function resolveOptions(options: CorrelationEngineOptions): EngineSettings {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const s: EngineSettings = { ...DEFAULTS, ...given };
  if (![s.allowedLatenessMs, s.sweepIntervalMs, s.maxFutureMs].every((n) => Number.isFinite(n) && n >= 0)) {
    throw new CorrelationError('HALONG_CORRELATION_INVALID', 'durations must be finite and not negative');
  }
  if (![s.maxGroupsPerCorrelation, s.maxEventsPerGroup, s.maxMatchHits].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new CorrelationError('HALONG_CORRELATION_INVALID', 'caps must be positive integers');
  }
  if (s.chaining !== 'local' && s.chaining !== 'publish') {
    throw new CorrelationError('HALONG_CORRELATION_INVALID', `chaining must be local or publish, got ${String(s.chaining)}`);
  }
  return s;
}

export function zeroStats(): CorrelationStats {
  return {
    accepted: 0,
    matches: 0,
    lateDropped: 0,
    duplicates: 0,
    afterMatchDropped: 0,
    futureDropped: 0,
    missingGroupField: 0,
    unknownCorrelation: 0,
    groupsEvicted: 0,
    eventsEvicted: 0,
    groupsExpired: 0,
  };
}
