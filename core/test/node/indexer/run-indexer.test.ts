import type { BulkBody, BulkSink, DeadLetter, SinkResult } from '@halong/core/node';
import { createLogger, runIndexer } from '@halong/core/node';
import { batchPayload, fakeConsumerKafka, message } from '../../support/fake-kafka';

/** The action and source lines of a bulk body, paired. */
function opsOf(body: BulkBody): { action: Record<string, { _index: string; _id: string }>; source: Record<string, unknown> }[] {
  const lines = body.bytes.toString('utf8').split('\n').slice(0, -1);
  const ops = [];
  for (let i = 0; i < lines.length; i += 2) ops.push({ action: JSON.parse(lines[i]!), source: JSON.parse(lines[i + 1]!) });
  return ops;
}

function fakeSink() {
  const calls: string[] = [];
  const sink = {
    writeBody: jest.fn(async (body: BulkBody): Promise<SinkResult> => {
      calls.push('write');
      return { created: body.count, duplicates: 0, deadLettered: 0, retries: 0 };
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
    expect(sink.writeBody).toHaveBeenCalledTimes(1);
    expect(opsOf(sink.writeBody.mock.calls[0]![0]).map((o) => [o.action.create!._index, o.action.create!._id])).toEqual([
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
    expect(opsOf(sink.writeBody.mock.calls[0]![0])).toMatchObject([
      { action: { update: { _index: 'lab-alerts', _id: 'al-1' } }, source: { upsert: { id: 'al-1', '@timestamp': 'x' }, script: { params: { alert: { id: 'al-1' } } } } },
    ]);
  });

  it('does not call write when the batch holds only dead letters', async () => {
    const { fake, sink } = await start();
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', 'nope')]));
    expect(sink.writeBody).not.toHaveBeenCalled();
    expect(sink.deadLetter).toHaveBeenCalledTimes(1);
    expect(fake.consumer.commitOffsets).toHaveBeenCalled();
  });

  it('does not commit when the sink fails', async () => {
    const { fake, sink } = await start();
    sink.writeBody.mockRejectedValueOnce(new Error('HALONG_SINK_RETRIES_EXHAUSTED'));
    await expect(fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', event('e1'))]))).rejects.toThrow();
    expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
  });

  it('does not write nor commit when dead-lettering fails', async () => {
    const { fake, sink } = await start();
    sink.deadLetter.mockRejectedValueOnce(new Error('dead-letter index refused'));
    await expect(
      fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', 'bad'), message('2', event('e2'))])),
    ).rejects.toThrow('dead-letter index refused');
    expect(sink.writeBody).not.toHaveBeenCalled();
    expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
  });

  describe('pipelined (the default)', () => {
    it('returns to kafkajs before the bulk is done and commits after it', async () => {
      const { fake, sink, indexer } = await start({});
      let finish!: () => void;
      sink.writeBody.mockImplementationOnce(async (body) => {
        await new Promise<void>((resolve) => (finish = resolve));
        return { created: body.count, duplicates: 0, deadLettered: 0, retries: 0 };
      });
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('5', event('e5'))]));
      expect(sink.writeBody).toHaveBeenCalledTimes(1);
      expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
      finish();
      await indexer.stop();
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '6' }]);
    });

    it('writes a batch again when the sink failed, and commits once it succeeded', async () => {
      const { fake, sink, indexer } = await start({ pipelineRetryMs: 1 });
      sink.writeBody.mockRejectedValueOnce(new Error('HALONG_SINK_RETRIES_EXHAUSTED'));
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', event('e1'))]));
      for (let i = 0; i < 100 && sink.writeBody.mock.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
      await indexer.stop();
      expect(sink.writeBody).toHaveBeenCalledTimes(2);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledTimes(1);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '2' }]);
    });
  });
});
