// Throughput of the streaming engine: indexed matcher vs the naive baseline, one core.
//
//   npx tsx detection/bench/engine-micro.ts [--events 20000] [--naive-events 1000] [--synthetic]
//                                            [--keyword-fields message,winlog.event_data.Data]
//
// Real mode (default when /work/shared is present, or HALONG_SIGMA_DIR / HALONG_DATASETS_DIR):
// every SigmaHQ rule (rules, rules-emerging-threats, rules-threat-hunting) parsed by
// detection/src/sigma, mapped by the built-in pipelines, compiled by the engine; events are
// OTRF Security-Datasets (Mordor) Windows recordings normalized to ECS by the Windows collector.
// Synthetic mode (runs anywhere): the property test's random rules and events. Its vocabulary is
// tiny on purpose, so each event matches hundreds of rules: a stress test, not a throughput figure.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@halong/collectors';
import { compileRule, createNaiveMatcher, createStreamMatcher, isSigmaProblem, type EventRecord, type MatcherEntry, type StreamMatcher } from '../src/engine';
import { loadPipeline } from '../src/mapping';
import { loadRulePack } from '../src/sigma';
import { randomEvent, randomRule } from '../test/engine/generate';
import { random } from '../test/engine/random';

const SIGMA_DIR = process.env.HALONG_SIGMA_DIR ?? '/work/shared/sigma';
const DATASETS_DIR = process.env.HALONG_DATASETS_DIR ?? '/work/shared/datasets/security-datasets/datasets';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function realEntries(): Promise<MatcherEntry[]> {
  const dirs = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(SIGMA_DIR, d)).filter(existsSync);
  const t0 = performance.now();
  const pack = await loadRulePack(dirs);
  const t1 = performance.now();
  const mapper = loadPipeline();
  // What-if: keyword searches limited to some fields instead of every string leaf (a pipeline choice).
  const keywordFields = process.argv.includes('--keyword-fields') ? process.argv[process.argv.indexOf('--keyword-fields') + 1]!.split(',') : undefined;
  const entries: MatcherEntry[] = [];
  const problems = new Map<string, number>();
  const count = (key: string) => problems.set(key, (problems.get(key) ?? 0) + 1);
  for (const rule of pack.rules) {
    const found = mapper.forLogsource(rule.logsource);
    if (isSigmaProblem(found)) {
      count(`pipeline ${found.code}`);
      continue;
    }
    const mapping = keywordFields && found.keywordFields.length === 0 ? { ...found, field: found.field.bind(found), placeholder: found.placeholder.bind(found), keywordFields } : found;
    const compiled = compileRule(rule, mapping);
    if (isSigmaProblem(compiled)) {
      count(`compile ${compiled.code}`);
      continue;
    }
    entries.push({ rule: compiled, conditions: mapping.conditions });
  }
  const t2 = performance.now();
  console.log(`rules: ${pack.rules.length} parsed in ${ms(t1 - t0)} (${pack.problems.length} parser problems), ${entries.length} compiled in ${ms(t2 - t1)}`);
  for (const [k, n] of problems) console.log(`  not compiled: ${n} × ${k}`);
  return entries;
}

function zips(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...zips(path));
    else if (name.endsWith('.zip') && path.includes('/windows/')) out.push(path);
  }
  return out.sort();
}

function realEvents(limit: number): EventRecord[] {
  const events: EventRecord[] = [];
  const files = zips(DATASETS_DIR);
  // Round-robin over the recordings so a short run still sees every kind of event.
  const lines = files.map((f) => execFileSync('unzip', ['-p', f], { maxBuffer: 1 << 30 }).toString('utf8').split('\n'));
  const now = () => new Date('2024-01-01T00:00:00Z');
  for (let i = 0; events.length < limit && lines.some((l) => i < l.length); i += 1) {
    for (const l of lines) {
      const line = l[i];
      if (!line || events.length >= limit) continue;
      try {
        events.push(normalizeWindowsEvent(line, { now }) as unknown as EventRecord);
      } catch {
        // Not a Windows event (a few recordings mix in other sources): skipped, as a collector would.
      }
    }
  }
  console.log(`events: ${events.length} normalized from ${files.length} recordings`);
  return events;
}

function syntheticEntries(): MatcherEntry[] {
  const rnd = random(42);
  const entries: MatcherEntry[] = [];
  for (let i = 0; i < 3754; i += 1) {
    const { rule, mapping } = randomRule(rnd, `r${i}`);
    const compiled = compileRule(rule, mapping);
    if (!isSigmaProblem(compiled)) entries.push({ rule: compiled, conditions: mapping.conditions });
  }
  console.log(`rules: ${entries.length} synthetic`);
  return entries;
}

/** A fixed JS workload (one pass over a string): machines differ a lot, this puts numbers in scale. */
function calibrate(): string {
  const text = 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe -nop -w hidden -enc '.repeat(40);
  let best = Infinity;
  for (let round = 0; round < 5; round += 1) {
    let sum = 0;
    const t0 = performance.now();
    for (let k = 0; k < 2000; k += 1) for (let i = 0; i < text.length; i += 1) sum = (sum + text.charCodeAt(i)) | 0;
    best = Math.min(best, ((performance.now() - t0) * 1e6) / (2000 * text.length) + (sum === 7 ? 1 : 0));
  }
  return `${best.toFixed(2)} ns per character in a plain charCodeAt loop`;
}

function ms(t: number): string {
  return `${t.toFixed(0)} ms`;
}

/** Best of three timed passes (the first also warms up): events/s, MB/s of event JSON, hits. */
function run(name: string, matcher: StreamMatcher, events: EventRecord[], bytes: number): { rate: number; hits: number } {
  let best = Infinity;
  let hits = 0;
  for (let round = 0; round < 3; round += 1) {
    hits = 0;
    const t0 = performance.now();
    for (const e of events) hits += matcher.match(e).length;
    best = Math.min(best, performance.now() - t0);
  }
  const rate = (events.length / best) * 1000;
  const mbps = bytes / 1e6 / (best / 1000);
  console.log(`${name.padEnd(28)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} events/s  ${mbps.toFixed(1).padStart(6)} MB/s  (${((best / events.length) * 1000).toFixed(1)} µs/event, ${hits} hits)`);
  return { rate, hits };
}

function hitsOf(matcher: StreamMatcher, events: EventRecord[]): string[] {
  return events.map((e) => matcher.match(e).map((m) => m.index).join(','));
}

async function main(): Promise<void> {
  console.log(`calibration: ${calibrate()} (compare this line across machines)`);
  const synthetic = process.argv.includes('--synthetic') || !existsSync(SIGMA_DIR) || !existsSync(DATASETS_DIR);
  const entries = synthetic ? syntheticEntries() : await realEntries();
  const events = synthetic ? Array.from({ length: arg('events', 20000) }, () => randomEvent(random(7))) : realEvents(arg('events', 20000));
  if (synthetic) {
    const rnd = random(7);
    for (let i = 0; i < events.length; i += 1) events[i] = randomEvent(rnd);
  }
  const t0 = performance.now();
  const indexed = createStreamMatcher(entries);
  console.log(`index built in ${ms(performance.now() - t0)}:`, indexed.describe());

  const naiveEvents = events.slice(0, arg('naive-events', 1000));
  const naive = createNaiveMatcher(entries);
  const agree = JSON.stringify(hitsOf(naive, naiveEvents)) === JSON.stringify(hitsOf(createStreamMatcher(entries), naiveEvents));
  console.log(`indexed and naive agree on the first ${naiveEvents.length} events: ${agree}`);

  const size = (list: EventRecord[]) => list.reduce((n, e) => n + JSON.stringify(e).length, 0);
  const bytes = size(events);
  console.log(`event JSON: ${(bytes / events.length / 1024).toFixed(1)} KiB on average`);
  const fast = run('indexed (shared cache)', indexed, events, bytes);
  run('indexed (no shared cache)', createStreamMatcher(entries, { cache: false }), events, bytes);
  const slow = run('naive', createNaiveMatcher(entries), naiveEvents, size(naiveEvents));
  console.log(`speed-up: ${(fast.rate / slow.rate).toFixed(0)}×`);

  const stats = indexed.stats();
  const evaluations = stats.reduce((n, s) => n + s.evaluations, 0);
  console.log(`rule evaluations per event (indexed): ${(evaluations / (3 * events.length)).toFixed(1)} of ${entries.length} rules`);
  const costly = stats
    .filter((s) => s.sampledEvaluations > 0)
    .map((s) => ({ title: s.title, totalMs: ((s.meanEvaluationNanos ?? 0) * s.evaluations) / 1e6, evaluations: s.evaluations, mean: Math.round(s.meanEvaluationNanos ?? 0) }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, 8);
  console.log('most expensive rules (estimated from sampled timings):');
  for (const c of costly) console.log(`  ${c.totalMs.toFixed(0).padStart(6)} ms  ${String(c.evaluations).padStart(7)} evals  ${String(c.mean).padStart(7)} ns  ${c.title}`);
}

void main();
