// A freshly created topic (or a broker that just started) answers metadata and offset requests
// with transient errors such as NOT_LEADER_OR_FOLLOWER for a moment; kafkajs marks them retriable.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn`, retrying errors kafkajs marks `retriable` with a growing pause (about 10 s in all). */
export async function withKafkaRetry<T>(fn: () => Promise<T>, attempts = 12): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || (err as { retriable?: boolean }).retriable !== true) throw err;
      await sleep(Math.min(100 * i, 1500));
    }
  }
}
