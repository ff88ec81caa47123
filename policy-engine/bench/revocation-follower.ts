// Child process of revocation-bench.ts: a second Halong process following the control topic with
// createControlChannel, as every enforcement point does. It prints a line with a wall-clock time
// for each revocation it receives, after checking that its denylist (what verifyClientCertificate
// consults) now refuses the serial: "received" means "enforced here".
// Env: BENCH_KAFKA_BROKERS, BENCH_TOPIC_PREFIX. Prints {ready, t}, then {seen, t, enforced} per record.
import { createControlChannel, createKafka, createLogger } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { RevocationData } from '../src/service/control-state';
import { controlDenylist } from '../src/service/control-state';
import { onParentMessages, toParent } from './bench-child';
import { wallClockMs } from './bench-stats';

async function main(): Promise<void> {
  const config = testConfig({ HALONG_KAFKA_BROKERS: process.env.BENCH_KAFKA_BROKERS!, HALONG_TOPIC_PREFIX: process.env.BENCH_TOPIC_PREFIX! });
  // Logs go to stderr: stdout carries the protocol lines.
  const logger = createLogger('bench-follower', 'warn', process.stderr);
  const control = await createControlChannel({ kafka: createKafka(config, logger), topicPrefix: config.topicPrefix, logger });
  const denylist = controlDenylist(control, () => new Date());
  control.onChange((kind, id, record) => {
    if (kind !== 'revocation' || !record) return;
    const t = wallClockMs();
    toParent({ seen: id, t, enforced: denylist.serials.has((record.data as RevocationData).value) });
  });
  await control.ready;
  toParent({ ready: true, t: wallClockMs() });
  onParentMessages(
    () => undefined,
    () => control.close(),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
