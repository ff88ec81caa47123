// Child process of the crash-safety test, bundled by esbuild and killed with SIGKILL at a
// random moment. Appends numbered records in waves of concurrent appends (so kills land inside
// group commits and segment rolls) while a reader drains and acknowledges. Reports on stdout,
// which is synchronous for pipes on Linux, so a line written is a line the parent will read:
//   a <seq>  every record up to <seq> was appended and fsync'd (append resolved)
//   q <seq>  an acknowledgement up to <seq> was requested
//   k <seq>  that acknowledgement resolved (the cursor is durable)
import { openSpool } from '../../../src/spool';
import { CRASH_OPTIONS, crashPayload, seededRandom, seqOf } from './spool-helpers';

const [dir, firstArg, seedArg] = process.argv.slice(2);
const random = seededRandom(Number(seedArg));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const fail = (message: string): never => {
  say(`error ${message}`);
  process.exit(2);
};

async function main(): Promise<void> {
  const spool = await openSpool(dir, CRASH_OPTIONS);
  say('ready');

  void (async () => {
    let expected: number | undefined;
    for (;;) {
      const batch = await spool.read(1 + Math.floor(random() * 200));
      if (!batch) {
        await sleep(1);
        continue;
      }
      for (const record of batch.records) {
        const seq = seqOf(record);
        if (expected !== undefined && seq !== expected) fail(`reader expected ${expected}, got ${seq}`);
        if (!record.equals(crashPayload(seq))) fail(`corrupt payload for ${seq}`);
        expected = seq + 1;
      }
      if (random() < 0.7) {
        const last = seqOf(batch.records[batch.records.length - 1]);
        say(`q ${last}`);
        await batch.ack();
        say(`k ${last}`);
      }
      await sleep(Math.floor(random() * 3));
    }
  })().catch((error: unknown) => fail(String(error)));

  let next = Number(firstArg);
  for (;;) {
    const wave: Buffer[][] = [];
    let bytes = 0;
    for (let i = 1 + Math.floor(random() * 4); i > 0; i--) {
      const batch = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, j) => crashPayload(next + j));
      next += batch.length;
      bytes += batch.reduce((n, r) => n + 12 + r.length, 0);
      wave.push(batch);
    }
    // Nothing else is in flight between waves, so this check is exact and no append is refused
    // (a refused batch in the middle of a wave would leave a gap in the numbering).
    while (spool.stats().bytes + bytes > CRASH_OPTIONS.maxBytes) await sleep(2);
    await Promise.all(
      wave.map(async (batch) => {
        await spool.append(batch);
        say(`a ${seqOf(batch[batch.length - 1])}`);
      }),
    );
  }
}

main().catch((error: unknown) => fail(String(error)));
