// The Sigma regression cases: each case's events (evtx_dump JSON) with its rule's logsource.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConcatenatedJson } from '@halong/collectors';
import type { SigmaLogsource } from '../../../src/sigma/types';
import { SHARED_DIR, logsourcesOf } from './corpus';

export const REGRESSION_DIR = join(SHARED_DIR, 'sigma-regression');

export interface RegressionEvent {
  ruleId: string;
  eventFile: string;
  index: number;
  logsource: SigmaLogsource;
  raw: { Event: { System: Record<string, unknown>; EventData?: Record<string, unknown> | null; UserData?: Record<string, unknown> } };
}

/** Every event of every case in index.json, with the logsource of the rule it must trigger. */
export function regressionEvents(): RegressionEvent[] {
  const index = JSON.parse(readFileSync(join(REGRESSION_DIR, 'index.json'), 'utf8')) as {
    cases: { rule_id: string; rule_file: string; event_file: string }[];
  };
  return index.cases.flatMap((c) => {
    const [logsource] = logsourcesOf(join(SHARED_DIR, c.rule_file));
    const events = parseConcatenatedJson(readFileSync(join(REGRESSION_DIR, c.event_file), 'utf8')) as RegressionEvent['raw'][];
    return events.map((raw, index) => ({ ruleId: c.rule_id, eventFile: c.event_file, index, logsource, raw }));
  });
}

/** Fixtures shared with the Windows normalizer's tests (real NXLog records, and shapes built from them). */
export const COLLECTOR_FIXTURES = join(__dirname, '../../../../collectors/test/windows/fixtures');
