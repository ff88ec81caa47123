// Checking an aggregator checkpoint before it replaces live state.
import { AlertError } from './errors';
import type { AlertAggregatorSnapshot } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

function isOpenAlert(a: unknown): boolean {
  return (
    isObject(a) &&
    typeof a['id'] === 'string' &&
    typeof a['groupKey'] === 'string' &&
    isObject(a['rule']) &&
    typeof a['rule']['id'] === 'string' &&
    ['windowStart', 'openedAt', 'firstSeen', 'lastSeen', 'count', 'lastEmitAt'].every((k) => isNumber(a[k])) &&
    Array.isArray(a['events']) &&
    isObject(a['entities']) &&
    isStrings(a['sourceIds']) &&
    typeof a['dirty'] === 'boolean'
  );
}

/** The snapshot, or a HALONG_ALERT_SNAPSHOT error saying what is wrong with it. */
export function readAggregatorSnapshot(data: unknown): AlertAggregatorSnapshot {
  const fail = (what: string): never => {
    throw new AlertError('HALONG_ALERT_SNAPSHOT', `cannot restore alert state: ${what}`);
  };
  if (!isObject(data)) return fail('not an object');
  if (data['version'] !== 1) return fail(`unsupported version ${String(data['version'])}`);
  if (!(data['watermark'] === null || isNumber(data['watermark']))) return fail('bad watermark');
  if (!isObject(data['stats'])) return fail('missing stats');
  if (!Array.isArray(data['alerts'])) return fail('missing alerts');
  const bad = data['alerts'].findIndex((a) => !isOpenAlert(a));
  if (bad >= 0) return fail(`alert ${bad} is malformed`);
  return data as unknown as AlertAggregatorSnapshot;
}
