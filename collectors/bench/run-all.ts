// `npm run bench -w collectors`: events/s and peak memory of the collectors, in one run —
//  1. parse-only per format (and parse + envelope), one core, in this process, on ~100k real
//     lines each (parsers' fixtures and security-datasets, varied), and the syslog input's
//     per-event stages;
//  2. syslog → Kafka: the real TCP listener, Shipper, disk spool and producer, against the test
//     Kafka, until Kafka acknowledged every event (target: 30,000 events/s per core);
//  3. syslog → OpenSearch end to end through the core indexer, three times, and between them the
//     same documents bulk-indexed straight into OpenSearch with the same engines running, twice
//     (target: ≥ 0.8×).
// Section hostile, after stages: the unit tests' pathological inputs timed at n and 4n (hostile.ts).
// Sizes: BENCH_PARSE_LINES, BENCH_STAGE_EVENTS, BENCH_KAFKA_EVENTS, BENCH_TRANSPORT_EVENTS, BENCH_E2E_EVENTS,
// BENCH_WARMUP_EVENTS, BENCH_CONNECTIONS, BENCH_BULK_DOCS, BENCH_BULK_CONCURRENCY, BENCH_INDEXER_THREADS;
// BENCH_SECTIONS=parse,stages,hostile,kafka,e2e picks sections; BENCH_PIN=0 skips the pinned e2e pair. HALONG_TEST_KEEP_ENGINES=1 keeps
// engines this run started.
import { availableParallelism } from 'node:os';
import { openEngines } from './engines';
import { runHostile } from './hostile';
import { openSearchApart } from './placement';
import { int, mb } from './measure';
import { runParseOnly, runSyslogStages } from './parse-only';
import { runEndToEnd, runSyslogToKafka } from './pipeline';

const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  return v;
};

const PARSE_LINES = env('BENCH_PARSE_LINES', 100_000);
const STAGE_EVENTS = env('BENCH_STAGE_EVENTS', 50_000);
const KAFKA_EVENTS = env('BENCH_KAFKA_EVENTS', 200_000);
// 200,000: a run of 50,000 lasted ~3 s, of which filling and draining the pipeline (a fetch waits up
// to 250 ms for 1 MiB, a bulk takes ~0.3 s) was a tenth; that is latency, not throughput.
const E2E_EVENTS = env('BENCH_E2E_EVENTS', 200_000);
const TRANSPORT_EVENTS = env('BENCH_TRANSPORT_EVENTS', 100_000);
const WARMUP_EVENTS = env('BENCH_WARMUP_EVENTS', 10_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 4);
const BULK_DOCS = env('BENCH_BULK_DOCS', 1_000);
const BULK_CONCURRENCY = env('BENCH_BULK_CONCURRENCY', 3);
// As `halong start` runs the indexer (HALONG_INDEXER_THREADS, default 1); 0 puts it on the collector's event loop.
const INDEXER_THREADS = Number(process.env.BENCH_INDEXER_THREADS ?? 1);
if (!Number.isSafeInteger(INDEXER_THREADS) || INDEXER_THREADS < 0 || INDEXER_THREADS > 16) throw new Error(`BENCH_INDEXER_THREADS must be 0 to 16, not ${process.env.BENCH_INDEXER_THREADS}`);
// BENCH_PIN=0 skips the e2e pair with OpenSearch on a CPU of its own (placement.ts).
const PIN = process.env.BENCH_PIN !== '0';
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'parse,stages,hostile,kafka,e2e').split(',').map((s) => s.trim()));

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`collectors bench: node ${process.version}, ${availableParallelism()} cores, sections ${[...SECTIONS].join(',')}`);
  if (SECTIONS.has('kafka') || SECTIONS.has('e2e')) {
    const engines = await openEngines();
    try {
      const k = engines.config.kafka;
      console.log(
        `pipeline: ${CONNECTIONS} TCP connections from a child process, mixed RFC 5424 / RFC 3164 / CEF-in-syslog; ${k.partitions} partitions, linger ${k.lingerMs} ms, ` +
          `batch ${mb(k.batchBytes)}, acks all; ${int(WARMUP_EVENTS)} warm-up events first (untimed)`,
      );
      if (SECTIONS.has('kafka')) {
        console.log('');
        await runSyslogToKafka(engines, { events: KAFKA_EVENTS, transportEvents: Math.min(TRANSPORT_EVENTS, KAFKA_EVENTS), warmup: WARMUP_EVENTS, connections: CONNECTIONS });
      }
      if (SECTIONS.has('e2e')) {
        console.log('');
        const e2e = { events: E2E_EVENTS, warmup: WARMUP_EVENTS, connections: CONNECTIONS, bulkDocs: BULK_DOCS, bulkConcurrency: BULK_CONCURRENCY, indexerThreads: INDEXER_THREADS };
        await runEndToEnd(engines, e2e);
        const apart = PIN ? openSearchApart(engines.pids) : undefined;
        if (apart) {
          console.log(`\nthe same pair again, pinned: ${apart.label}`);
          apart.apply();
          try {
            await runEndToEnd(engines, { ...e2e, placement: apart.label });
          } finally {
            apart.undo();
          }
        } else if (PIN) {
          console.log('\n(no pinned pair: it needs Linux, taskset, 2 or more CPUs and the OpenSearch process)');
        }
      }
    } finally {
      console.log('');
      await engines.close();
    }
  }
  // The in-process sections come after the engine ones: the inputs and results they hold grew
  // this process's heap (182 MB against 96 MB in the syslog → Kafka run), and a collector timed
  // beside that heap paid for it in garbage collection (14 against 4 µs an event on GC threads).
  if (SECTIONS.has('parse')) {
    console.log(`\nparse-only, one core, ${int(PARSE_LINES)} inputs per format (rates per CPU-second of this process; wall rate beside it):`);
    runParseOnly(PARSE_LINES);
  }
  if (SECTIONS.has('stages')) {
    console.log('');
    runSyslogStages(STAGE_EVENTS);
  }
  if (SECTIONS.has('hostile')) {
    console.log('');
    runHostile();
  }
  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; peak rss of this process ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
