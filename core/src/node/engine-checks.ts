import type { Client } from '@opensearch-project/opensearch';
import type { Kafka } from 'kafkajs';
import type { ReadinessCheck } from './server/readiness';

/** OpenSearch is ready when it answers cluster health and is not red. */
export function opensearchReadiness(client: Pick<Client, 'cluster'>): ReadinessCheck {
  return {
    name: 'opensearch',
    async check() {
      const { body } = await client.cluster.health({ timeout: '2s' });
      if (body.status === 'red') throw new Error(`cluster ${body.cluster_name} is red`);
      return `cluster ${body.cluster_name} is ${body.status} with ${body.number_of_nodes} node(s)`;
    },
  };
}

/** Kafka is ready when a broker describes the cluster. The admin connection is kept between checks. */
export function kafkaReadiness(kafka: Kafka): ReadinessCheck & { close(): Promise<void> } {
  let admin: ReturnType<Kafka['admin']> | undefined;
  return {
    name: 'kafka',
    async check() {
      if (!admin) {
        const fresh = kafka.admin();
        await fresh.connect();
        admin = fresh;
      }
      try {
        const cluster = await admin.describeCluster();
        return `cluster ${cluster.clusterId} with ${cluster.brokers.length} broker(s)`;
      } catch (err) {
        const stale = admin;
        admin = undefined;
        await stale.disconnect().catch(() => undefined);
        throw err;
      }
    },
    async close() {
      await admin?.disconnect();
    },
  };
}
