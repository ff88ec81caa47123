import type { BulkSink, DeadLetter, SinkDoc, SinkResult } from '@halong/core/node';
import { createLogger, runIndexer } from '@halong/core/node';
import { batchPayload, fakeConsumerKafka, message } from '../../support/fake-kafka';

function fakeSink() {
  const calls: string[] = [];
  const sink = {
    write: jest.fn(async (docs: readonly SinkDoc[]): Promise<SinkResult> => {
      calls.push('write');
      return { created: docs.length, duplicates: 0, deadLettered: 0, retries: 0 };
    }),
    deadLetter: jest.fn(async (_letters: readonly DeadLetter[]): Promise<void> => {
      calls.push('deadLetter');
    }),
  };
  return { sink: sink as BulkSink & typeof sink, calls };
}

const event = (id: string, ts = '2026-11-22T10:00:00Z', dataset = 'linux.auditd') => JSON.stringify({ '@timestamp': ts, event: { id, dataset } });

describe('runIndexer', () => {
  const logger = createLogger('test', 'silent');

  // pipeline 0: each batch is handled and committed inside eachBatch, which these tests await.
  async function start(over: { groupId?: string; pipeline?: number; pipelineRetryMs?: number } = { pipeline: 0 }) {
    const fake = fakeConsumerKafka();
    const { sink, calls } = fakeSink();
    const indexer = await runIndexer({ kafka: fake.kafka, sink, topicPrefix: 'ci', indexPrefix: 'lab', logger, ...over });
    return { fake, sink, calls, indexer };
  }

  it('consumes events, alerts, decisions and audit entries in the group <indexPrefix>-indexer by default', async () => {
    const { fake } = await start();
    expect(fake.factory.consumer).toHaveBeenCalledWith(expect.objectContaining({ groupId: 'lab-indexer' }));
    expect(fake.consumer.subscribe).toHaveBeenCalledWith(expect.objectContaining({ topics: ['ci.halong.events.v1', 'ci.halong.alerts.v1', 'ci.halong.decisions.v1', 'ci.halong.audit.v1'] }));
  });

  it('takes another group id', async () => {
    const { fake } = await start({ groupId: 'replay-1', pipeline: 0 });
    expect(fake.factory.consumer).toHaveBeenCalledWith(expect.objectContaining({ groupId: 'replay-1' }));
  });

  it('writes routable records to their index and dead-letters the rest, before committing', async () => {
    const { fake, sink, calls } = await start();
    const payload = batchPayload('ci.halong.events.v1', 1, [
      message('100', event('e1')),
      message('101', '{broken'),
      message('102', event('e2', '2026-11-23T01:00:00Z', 'Windows.Sysmon')),
      message('103', JSON.stringify({ '@timestamp': '2026-11-22T10:00:00Z', event: {} })),
    ]);
    await fake.runConfig.eachBatch!(payload);
    expect(sink.write).toHaveBeenCalledTimes(1);
    expect(sink.write.mock.calls[0]![0].map((d) => [d.index, d.id])).toEqual([
      ['lab-events-linux.auditd-2026.11.22', 'e1'],
      ['lab-events-windows.sysmon-2026.11.23', 'e2'],
    ]);
    expect(sink.deadLetter).toHaveBeenCalledTimes(1);
    expect(sink.deadLetter.mock.calls[0]![0].map((l) => [l.id, l.errorType])).toEqual([
      ['ci.halong.events.v1-1-101', 'decode_error'],
      ['ci.halong.events.v1-1-103', 'missing_id'],
    ]);
    expect(calls).toEqual(['deadLetter', 'write']);
    expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 1, offset: '104' }]);
  });

  it('routes alerts to the alerts index', async () => {
    const { fake, sink } = await start();
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.alerts.v1', 0, [message('7', JSON.stringify({ id: 'al-1', '@timestamp': 'x' }))]));
    expect(sink.write.mock.calls[0]![0]).toMatchObject([{ index: 'lab-alerts', id: 'al-1', doc: { id: 'al-1', '@timestamp': 'x' }, update: { params: { alert: { id: 'al-1' } } } }]);
  });

  it('does not call write when the batch holds only dead letters', async () => {
    const { fake, sink } = await start();
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', 'nope')]));
    expect(sink.write).not.toHaveBeenCalled();
    expect(sink.deadLetter).toHaveBeenCalledTimes(1);
    expect(fake.consumer.commitOffsets).toHaveBeenCalled();
  });

  it('does not commit when the sink fails', async () => {
    const { fake, sink } = await start();
    sink.write.mockRejectedValueOnce(new Error('HALONG_SINK_RETRIES_EXHAUSTED'));
    await expect(fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', event('e1'))]))).rejects.toThrow();
    expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
  });

  it('does not write nor commit when dead-lettering fails', async () => {
    const { fake, sink } = await start();
    sink.deadLetter.mockRejectedValueOnce(new Error('dead-letter index refused'));
    await expect(
      fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', 'bad'), message('2', event('e2'))])),
    ).rejects.toThrow('dead-letter index refused');
    expect(sink.write).not.toHaveBeenCalled();
    expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
  });

  describe('pipelined (the default)', () => {
    it('returns to kafkajs before the bulk is done and commits after it', async () => {
      const { fake, sink, indexer } = await start({});
      let finish!: () => void;
      sink.write.mockImplementationOnce(async (docs) => {
        await new Promise<void>((resolve) => (finish = resolve));
        return { created: docs.length, duplicates: 0, deadLettered: 0, retries: 0 };
      });
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('5', event('e5'))]));
      expect(sink.write).toHaveBeenCalledTimes(1);
      expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
      finish();
      await indexer.stop();
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '6' }]);
    });

    it('writes a batch again when the sink failed, and commits once it succeeded', async () => {
      const { fake, sink, indexer } = await start({ pipelineRetryMs: 1 });
      sink.write.mockRejectedValueOnce(new Error('HALONG_SINK_RETRIES_EXHAUSTED'));
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', event('e1'))]));
      for (let i = 0; i < 100 && sink.write.mock.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
      await indexer.stop();
      expect(sink.write).toHaveBeenCalledTimes(2);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledTimes(1);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '2' }]);
    });
  });
});
