// How far each worker group is behind the end of its topic: a summary figure, read on demand.
import type { runConsumer } from './consumer';

type KafkaLike = Parameters<typeof runConsumer>[0]['kafka'];
type Admin = ReturnType<KafkaLike['admin']>;

/** One consumer group on one (full, prefixed) topic. */
export interface LagTarget {
  group: string;
  topic: string;
}

/** Reads lag per group; null for a group whose offsets could not be read in time. */
export interface LagReader {
  read(): Promise<Record<string, number | null>>;
  close(): Promise<void>;
}

/** Sum over partitions of (end offset − committed offset); a partition never committed counts from its start. */
export async function groupLag(admin: Admin, target: LagTarget): Promise<number> {
  const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId: target.group, topics: [target.topic] }), admin.fetchTopicOffsets(target.topic)]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  let lag = 0n;
  for (const p of ends) {
    const at = done.get(p.partition) ?? -1n;
    const from = at >= 0n ? at : BigInt(p.low);
    if (BigInt(p.high) > from) lag += BigInt(p.high) - from;
  }
  return Number(lag);
}

/** A lag reader over one admin connection, opened on first use. */
export function createLagReader(kafka: KafkaLike, targets: readonly LagTarget[], timeoutMs = 2000): LagReader {
  let admin: Promise<Admin> | undefined;
  const connect = () => {
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })();
    admin.catch(() => (admin = undefined));
    return admin;
  };
  const withTimeout = <T>(p: Promise<T>): Promise<T | null> =>
    Promise.race([p, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref())]).catch(() => null);
  return {
    async read() {
      const out: Record<string, number | null> = {};
      await Promise.all(targets.map(async (t) => (out[t.group] = await withTimeout(connect().then((a) => groupLag(a, t))))));
      return out;
    },
    async close() {
      const a = await admin?.catch(() => undefined);
      admin = undefined;
      await a?.disconnect();
    },
  };
}
