// Test access to the read-only shared data: the Sigma regression events (evtx_dump JSON)
// and the NXLog fixtures taken from the security-datasets.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConcatenatedJson } from '../../../src/windows/json-stream';

export const SHARED_DIR = process.env.HALONG_SHARED_DIR ?? resolve(__dirname, '../../../../../shared');
export const REGRESSION_DIR = join(SHARED_DIR, 'sigma-regression');
export const FIXTURES_DIR = resolve(__dirname, '../fixtures');

export interface RegressionCase {
  ruleId: string;
  title: string;
  ruleFile: string;
  eventFile: string;
  eventCount: number;
  events: Record<string, unknown>[];
}

interface IndexCase {
  rule_id: string;
  title: string;
  rule_file: string;
  event_file: string;
  event_count: number;
}

/** Every case of sigma-regression/index.json with its events decoded. */
export function loadRegressionCases(): RegressionCase[] {
  const index = JSON.parse(readFileSync(join(REGRESSION_DIR, 'index.json'), 'utf8')) as { cases: IndexCase[] };
  return index.cases.map((c) => ({
    ruleId: c.rule_id,
    title: c.title,
    ruleFile: join(SHARED_DIR, c.rule_file),
    eventFile: c.event_file,
    eventCount: c.event_count,
    events: parseConcatenatedJson(readFileSync(join(REGRESSION_DIR, c.event_file), 'utf8')) as Record<string, unknown>[],
  }));
}

/** A fixture file's text. */
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

/** The NXLog sample lines (one real record per channel and event id). */
export function nxlogSamples(): Record<string, unknown>[] {
  return fixtureText('nxlog-samples.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The value at a dotted path of a nested object. */
export function valueAt(doc: unknown, path: string): unknown {
  let node = doc;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Every leaf value of a nested object (array items included). */
export function leaves(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc.flatMap(leaves);
  if (typeof doc === 'object' && doc !== null) return Object.values(doc).flatMap(leaves);
  return [doc];
}
