// Revocation propagation through real Kafka: this process publishes certificate revocations on
// the control topic with createControlChannel().set(), one at a time; a second process
// (revocation-follower.ts) follows the topic and reports when each one is enforced there.
// Uses the Kafka of the private test engines (19092; reused when healthy, otherwise started and
// stopped again unless HALONG_TEST_KEEP_ENGINES=1) and a private topic prefix, deleted at the end.
// BENCH_KAFKA=0 skips it. Run alone: npx tsx --expose-gc policy-engine/bench/revocation-bench.ts
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ControlRecord } from '@halong/core';
import { topicName } from '@halong/core';
import { createControlChannel, createKafka, createLogger, ensureTopics, kafkaBrokers } from '@halong/core/node';
import { downEngines, engineStatus, testConfig, testEnginesOptions, upEngines } from '@halong/infra';
import { randomSerialNumber } from '../src/pki/index';
import type { RevocationData } from '../src/service/control-state';
import { revocationId } from '../src/service/control-state';
import type { Admin } from 'kafkajs';
import type { BenchChild } from './bench-child';
import { startBenchChild } from './bench-child';
import type { PartResult, Percentiles } from './bench-stats';
import { count, fixed, percentiles, wallClockMs } from './bench-stats';

const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 50);
const WAIT_MS = 10_000;

type Engines = { started: boolean } | { skip: string };

/**
 * Kafka of the test engines: reused when healthy, otherwise started alone. Not startTestEngines():
 * it stops and wipes every test engine when one is unhealthy, which would pull OpenSearch from
 * under a test run in progress, and this part needs no OpenSearch.
 */
async function testKafka(): Promise<Engines> {
  if (process.env.BENCH_KAFKA === '0') return { skip: 'BENCH_KAFKA=0' };
  const options = testEnginesOptions();
  try {
    const kafka = (await engineStatus(options)).find((s) => s.name === 'kafka');
    if (kafka?.healthy) return { started: false };
    console.log(`  Kafka test engine on 127.0.0.1:${options.kafka.port} not healthy (${kafka?.detail ?? 'unknown'}); starting it…`);
    const [report] = await upEngines(options, ['kafka']);
    return { started: report?.action === 'started' };
  } catch (err) {
    return { skip: `Kafka on 127.0.0.1:${options.kafka.port} is not reachable and could not be started: ${(err as Error).message.split('\n')[0]}` };
  }
}

// A broker that has just started may create topics before their leaders answer offset requests,
// and createControlChannel starts with one: wait until it is answered.
async function untilOffsetsAnswer(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await admin.fetchTopicOffsets(topic);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const ms = (p: Percentiles) => `p50 ${fixed(p.p50)}  p95 ${fixed(p.p95)}  p99 ${fixed(p.p99)}  max ${fixed(p.max)}`;

export async function runRevocationBench(): Promise<PartResult> {
  const engines = await testKafka();
  if ('skip' in engines) {
    console.log(`Revocation propagation: SKIPPED — ${engines.skip}`);
    return { rows: [{ part: 'Revocation → 2nd process', what: 'skipped', rate: '', unit: 'ms', note: engines.skip }] };
  }
  const config = testConfig({ HALONG_TOPIC_PREFIX: `bench${randomBytes(4).toString('hex')}` });
  // kafkajs's notice about its v2 partitioner says nothing about this bench (the child inherits it too).
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const logger = createLogger('bench', 'warn', process.stderr);
  const kafka = createKafka(config, logger);
  const admin = kafka.admin();
  await admin.connect();
  let created: string[] = [];
  let follower: BenchChild | undefined;
  let control: Awaited<ReturnType<typeof createControlChannel>> | undefined;
  try {
    created = await ensureTopics(admin, { prefix: config.topicPrefix, partitions: config.kafka.partitions, replicationFactor: 1 });
    await untilOffsetsAnswer(admin, topicName(config.topicPrefix, 'control'));
    follower = startBenchChild(join(__dirname, 'revocation-follower.ts'), { BENCH_KAFKA_BROKERS: kafkaBrokers(config).join(','), BENCH_TOPIC_PREFIX: config.topicPrefix });
    const seen = new Map<string, { t: number; enforced: boolean }>();
    const waiting = new Map<string, () => void>();
    follower.onMessage((m) => {
      if (typeof m.seen !== 'string') return;
      seen.set(m.seen, { t: m.t as number, enforced: m.enforced === true });
      waiting.get(m.seen)?.();
    });
    const seenBy = (id: string, timeoutMs: number) =>
      new Promise<{ t: number; enforced: boolean } | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(seen.get(id));
        };
        if (seen.has(id)) done();
        else waiting.set(id, done);
      });

    control = await createControlChannel({ kafka, topicPrefix: config.topicPrefix, logger });
    await control.ready;
    await follower.next((m) => m.ready === true, 60_000, 'revocation follower start');
    const publish = async () => {
      const serial = randomSerialNumber();
      const at = new Date();
      const record: ControlRecord<RevocationData> = {
        kind: 'revocation',
        id: revocationId('serial', serial),
        data: { type: 'serial', value: serial, reason: 'keyCompromise', revokedAt: at.toISOString() },
        at: at.toISOString(),
        by: 'bench',
        until: new Date(at.getTime() + 3_600_000).toISOString(),
      };
      const arrival = seenBy(record.id, WAIT_MS);
      const t0 = wallClockMs();
      await control!.set(record);
      const t1 = wallClockMs();
      return { t0, t1, arrival: await arrival };
    };

    console.log(
      `Revocation propagation: ${REVOCATIONS} certificate revocations via createControlChannel().set(), one at a time, Kafka ${kafkaBrokers(config).join(',')}, topic prefix ${config.topicPrefix}, follower pid ${follower.pid} (${engines.started ? 'Kafka started for this run' : 'running Kafka reused'})`,
    );
    // The follower's consumer is "ready" before its group has partitions: publish until it sees one.
    const joinStart = performance.now();
    let joined = false;
    for (let i = 0; i < 6 && !joined; i++) joined = (await publish()).arrival !== undefined;
    if (!joined) throw new Error(`the second process saw no revocation within ${6 * WAIT_MS} ms`);
    for (let i = 0; i < 3; i++) await publish();
    const joinMs = performance.now() - joinStart;

    const fromSet: number[] = [];
    const fromAck: number[] = [];
    const setMs: number[] = [];
    let lost = 0;
    let notEnforced = 0;
    for (let i = 0; i < REVOCATIONS; i++) {
      const { t0, t1, arrival } = await publish();
      setMs.push(t1 - t0);
      if (!arrival) {
        lost++;
        continue;
      }
      if (!arrival.enforced) notEnforced++;
      fromSet.push(arrival.t - t0);
      fromAck.push(arrival.t - t1);
    }
    const a = percentiles(fromSet);
    const b = percentiles(fromAck);
    const s = percentiles(setMs);
    console.log(`  follower joined and caught up in ${fixed(joinMs, 0)} ms (not counted)`);
    console.log(`  set() called → enforced in 2nd process  ms: ${ms(a)}`);
    const early = fromAck.filter((d) => d < 0).length;
    console.log(`  set() resolved → enforced in 2nd process ms: ${ms(b)}${early ? `  (${early} negative: the follower had it before the producer's ack came back)` : ''}`);
    console.log(`  set() itself (acks=all)                 ms: ${ms(s)}`);
    console.log(`  received ${count(fromSet.length)}/${REVOCATIONS}${lost ? ` (${lost} not seen within ${WAIT_MS} ms)` : ''}, denylist refused the serial on arrival: ${count(fromSet.length - notEnforced)}/${fromSet.length}`);
    if (lost || notEnforced) throw new Error(`${lost} revocations were not seen and ${notEnforced} not enforced by the second process`);
    return {
      rows: [
        { part: 'Revocation → 2nd process', what: 'set() called → enforced', rate: `${REVOCATIONS} revocations`, unit: 'ms', p50: a.p50, p99: a.p99, note: `p95 ${fixed(a.p95)} ms, max ${fixed(a.max)} ms` },
        { part: 'Revocation → 2nd process', what: 'set() resolved → enforced', rate: '', unit: 'ms', p50: b.p50, p99: b.p99, note: `p95 ${fixed(b.p95)} ms, max ${fixed(b.max)} ms` },
      ],
    };
  } finally {
    await follower?.stop();
    await control?.close();
    if (created.length) await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
    if (engines.started && process.env.HALONG_TEST_KEEP_ENGINES !== '1') await downEngines(testEnginesOptions(), ['kafka']);
  }
}

if (require.main === module) {
  runRevocationBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
