// Checking a checkpoint before it replaces live state: a corrupt or foreign snapshot must fail
// loudly with a code, not half-restore.
import { CorrelationError } from './errors';
import type { CorrelationSnapshot, GroupSnapshot } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

function isGroup(g: unknown): g is GroupSnapshot {
  return (
    isObject(g) &&
    typeof g['correlationId'] === 'string' &&
    typeof g['key'] === 'string' &&
    isObject(g['values']) &&
    isTime(g['consumedUntil']) &&
    Array.isArray(g['entries']) &&
    g['entries'].every((e) => isObject(e) && typeof e['ref'] === 'string' && isObject(e['hit']) && typeof e['hit']['eventId'] === 'string' && typeof e['hit']['timestamp'] === 'number') &&
    Array.isArray(g['seen']) &&
    g['seen'].every((s) => Array.isArray(s) && typeof s[0] === 'string' && typeof s[1] === 'number') &&
    Array.isArray(g['pending']) &&
    g['pending'].every((p) => typeof p === 'string')
  );
}

/** The snapshot, or a HALONG_CORRELATION_SNAPSHOT error saying what is wrong with it. */
export function readSnapshot(data: unknown): CorrelationSnapshot {
  const fail = (what: string): never => {
    throw new CorrelationError('HALONG_CORRELATION_SNAPSHOT', `cannot restore correlation state: ${what}`);
  };
  if (!isObject(data)) return fail('not an object');
  if (data['version'] !== 1) return fail(`unsupported version ${String(data['version'])}`);
  if (!isTime(data['watermark']) || !isTime(data['lastSweep'])) return fail('bad watermark');
  if (!isObject(data['stats'])) return fail('missing stats');
  if (!Array.isArray(data['groups'])) return fail('missing groups');
  const bad = data['groups'].findIndex((g) => !isGroup(g));
  if (bad >= 0) return fail(`group ${bad} is malformed`);
  return data as unknown as CorrelationSnapshot;
}
