import { withKafkaRetry } from '@halong/core/node';

const retriable = () => Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true });

describe('withKafkaRetry', () => {
  it('retries errors kafkajs marks retriable until the call succeeds', async () => {
    let calls = 0;
    const value = await withKafkaRetry(async () => {
      calls++;
      if (calls < 3) throw retriable();
      return 'offsets';
    });
    expect(value).toBe('offsets');
    expect(calls).toBe(3);
  });

  it('does not retry other errors, and gives up after the attempts', async () => {
    let calls = 0;
    await expect(withKafkaRetry(async () => (calls++, Promise.reject(new Error('topic does not exist'))))).rejects.toThrow('topic does not exist');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withKafkaRetry(async () => (calls++, Promise.reject(retriable())), 2)).rejects.toThrow('not the leader');
    expect(calls).toBe(2);
  });
});
