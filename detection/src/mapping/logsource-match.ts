// Which entry serves a rule's logsource, and the `{product}`-style templates filled from it.
import type { SigmaLogsource } from '../sigma/types';
import type { LogsourceKey, PipelineEntry } from './pipeline-model';
import { LOGSOURCE_KEYS } from './pipeline-model';

/** A rule's logsource values, lower-cased, absent keys left out. */
export type LogsourceValues = Partial<Record<LogsourceKey, string>>;

/** The three keys of a Sigma logsource, lower-cased (`definition` plays no part in routing). */
export function logsourceValues(logsource: SigmaLogsource): LogsourceValues {
  const out: LogsourceValues = {};
  for (const k of LOGSOURCE_KEYS) {
    const v = logsource[k];
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim().toLowerCase();
  }
  return out;
}

/** True when every key the entry names accepts the rule's value for it. */
export function entryMatches(entry: PipelineEntry, values: LogsourceValues): boolean {
  for (const k of LOGSOURCE_KEYS) {
    if (!(k in entry.logsource)) continue;
    const want = entry.logsource[k];
    const have = values[k];
    if (want === null ? have !== undefined : want === '*' ? have === undefined : have !== want) return false;
  }
  return true;
}

/**
 * Orders matching entries: more keys with a value wins; then an entry naming a service (the
 * narrower Sigma notion) over one naming a category; then more `'*'`/`null` constraints; then
 * the entry defined later, so a file loaded after the built-in ones overrides them.
 */
export function compareSpecificity(a: PipelineEntry, b: PipelineEntry): number {
  const score = (e: PipelineEntry): number[] => {
    const named = LOGSOURCE_KEYS.filter((k) => k in e.logsource);
    const exact = named.filter((k) => typeof e.logsource[k] === 'string' && e.logsource[k] !== '*');
    return [exact.length, exact.includes('service') ? 1 : 0, named.length, e.order];
  };
  const sa = score(a);
  const sb = score(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] - sb[i];
  return 0;
}

/** The most specific entry among `entries` that matches, or undefined. */
export function bestEntry(entries: readonly PipelineEntry[], values: LogsourceValues): PipelineEntry | undefined {
  let best: PipelineEntry | undefined;
  for (const e of entries) if (entryMatches(e, values) && (!best || compareSpecificity(e, best) > 0)) best = e;
  return best;
}

/**
 * Fills `{product}`, `{category}`, `{service}` (and `{field}` when given). Returns undefined when
 * the template names a logsource key the rule does not have, unless `absent` says what to write.
 */
export function fillTemplate(template: string, values: LogsourceValues, field?: string, absent?: string): string | undefined {
  let missing = false;
  const out = template.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    if (name === 'field' && field !== undefined) return field;
    const v = values[name as LogsourceKey];
    if (v !== undefined) return v;
    if (absent !== undefined) return absent;
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}
