import type { Kafka } from 'kafkajs';
import type { OpenSearchClient } from '@halong/core/node';
import { kafkaReadiness, opensearchReadiness } from '@halong/core/node';

describe('opensearchReadiness', () => {
  const clientWith = (health: jest.Mock) => ({ cluster: { health } }) as unknown as Pick<OpenSearchClient, 'cluster'>;

  it('is ready when the cluster is green or yellow, and says so', async () => {
    const health = jest.fn(async () => ({ body: { status: 'yellow', cluster_name: 'halong', number_of_nodes: 1 } }));
    const check = opensearchReadiness(clientWith(health));
    expect(check.name).toBe('opensearch');
    await expect(check.check()).resolves.toBe('cluster halong is yellow with 1 node(s)');
    expect(health).toHaveBeenCalledWith({ timeout: '2s' });
  });

  it('is not ready when the cluster is red', async () => {
    const check = opensearchReadiness(clientWith(jest.fn(async () => ({ body: { status: 'red', cluster_name: 'halong', number_of_nodes: 1 } }))));
    await expect(check.check()).rejects.toThrow('cluster halong is red');
  });

  it('is not ready when the cluster does not answer', async () => {
    const check = opensearchReadiness(clientWith(jest.fn().mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:9200'))));
    await expect(check.check()).rejects.toThrow('ECONNREFUSED');
  });
});

describe('kafkaReadiness', () => {
  function fakeKafka() {
    const admins: { connect: jest.Mock; disconnect: jest.Mock; describeCluster: jest.Mock }[] = [];
    const admin = jest.fn(() => {
      const a = {
        connect: jest.fn(async () => undefined),
        disconnect: jest.fn(async () => undefined),
        describeCluster: jest.fn(async () => ({ clusterId: 'abc', controller: 1, brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092 }] })),
      };
      admins.push(a);
      return a;
    });
    return { kafka: { admin } as unknown as Kafka, admin, admins };
  }

  it('describes the cluster, keeping one admin connection between checks', async () => {
    const { kafka, admin, admins } = fakeKafka();
    const check = kafkaReadiness(kafka);
    expect(check.name).toBe('kafka');
    await expect(check.check()).resolves.toBe('cluster abc with 1 broker(s)');
    await expect(check.check()).resolves.toBe('cluster abc with 1 broker(s)');
    expect(admin).toHaveBeenCalledTimes(1);
    expect(admins[0]!.connect).toHaveBeenCalledTimes(1);
    expect(admins[0]!.describeCluster).toHaveBeenCalledTimes(2);
  });

  it('drops a failing connection and opens a fresh one on the next check', async () => {
    const { kafka, admin, admins } = fakeKafka();
    const check = kafkaReadiness(kafka);
    await check.check();
    admins[0]!.describeCluster.mockRejectedValueOnce(new Error('Connection timeout'));
    await expect(check.check()).rejects.toThrow('Connection timeout');
    expect(admins[0]!.disconnect).toHaveBeenCalledTimes(1);
    await expect(check.check()).resolves.toMatch(/^cluster abc/);
    expect(admin).toHaveBeenCalledTimes(2);
    expect(admins[1]!.connect).toHaveBeenCalledTimes(1);
  });

  it('still reports the failure when disconnecting the stale admin fails too', async () => {
    const { kafka, admins } = fakeKafka();
    const check = kafkaReadiness(kafka);
    await check.check();
    admins[0]!.describeCluster.mockRejectedValueOnce(new Error('broker gone'));
    admins[0]!.disconnect.mockRejectedValueOnce(new Error('already closed'));
    await expect(check.check()).rejects.toThrow('broker gone');
  });

  it('tries to connect again after a failed connect', async () => {
    const { kafka, admin } = fakeKafka();
    admin.mockImplementationOnce(() => ({
      connect: jest.fn().mockRejectedValue(new Error('ECONNREFUSED')),
      disconnect: jest.fn(),
      describeCluster: jest.fn(),
    }));
    const check = kafkaReadiness(kafka);
    await expect(check.check()).rejects.toThrow('ECONNREFUSED');
    await expect(check.check()).resolves.toMatch(/^cluster abc/);
    expect(admin).toHaveBeenCalledTimes(2);
  });

  it('closes the kept connection, and closing without one is harmless', async () => {
    const { kafka, admins } = fakeKafka();
    const check = kafkaReadiness(kafka);
    await expect(check.close()).resolves.toBeUndefined();
    await check.check();
    await check.close();
    expect(admins[0]!.disconnect).toHaveBeenCalledTimes(1);
  });
});
