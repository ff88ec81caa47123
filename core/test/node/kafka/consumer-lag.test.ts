import { createLagReader } from '../../../src/node/kafka/consumer-lag';

type Committed = { partition: number; offset: string }[];
type Ends = { partition: number; offset: string; high: string; low: string }[];

function fakeKafka(committed: Record<string, Committed>, ends: Ends, o: { hang?: boolean } = {}) {
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    fetchOffsets: jest.fn(async ({ groupId, topics }: { groupId: string; topics: string[] }) =>
      o.hang ? new Promise(() => undefined) : [{ topic: topics[0], partitions: committed[groupId] ?? [] }],
    ),
    fetchTopicOffsets: jest.fn(async () => ends),
  };
  return { kafka: { admin: () => admin } as never, admin };
}

describe('consumer lag', () => {
  const ends: Ends = [
    { partition: 0, offset: '10', high: '10', low: '0' },
    { partition: 1, offset: '7', high: '7', low: '2' },
  ];

  it('sums end − committed over partitions; a partition never committed counts from its start', async () => {
    const { kafka, admin } = fakeKafka({ 'h-detection': [{ partition: 0, offset: '4' }, { partition: 1, offset: '-1' }] }, ends);
    const reader = createLagReader(kafka, [
      { group: 'h-detection', topic: 'events' },
      { group: 'h-correlation', topic: 'detections' },
    ]);
    await expect(reader.read()).resolves.toEqual({ 'h-detection': 6 + 5, 'h-correlation': 10 + 5 });
    await reader.read();
    expect(admin.connect).toHaveBeenCalledTimes(1);
    await reader.close();
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });

  it('answers null for a group whose offsets do not come in time', async () => {
    const { kafka } = fakeKafka({}, ends, { hang: true });
    const reader = createLagReader(kafka, [{ group: 'h-detection', topic: 'events' }], 20);
    await expect(reader.read()).resolves.toEqual({ 'h-detection': null });
    await reader.close();
  });
});
