import { kafkaServerProperties } from '@halong/infra';

describe('kafkaServerProperties', () => {
  const props = kafkaServerProperties({ dir: '/data/k', port: 19092, controllerPort: 19093, heap: '512m' });
  const map = new Map(
    props
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=', 2) as [string, string]),
  );

  it('runs one combined broker+controller in KRaft mode on loopback only', () => {
    expect(map.get('process.roles')).toBe('broker,controller');
    expect(map.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(map.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(map.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
  });

  it('keeps its data in the given folder and sizes internal topics for one node', () => {
    expect(map.get('log.dirs')).toBe('/data/k/data');
    expect(map.get('offsets.topic.replication.factor')).toBe('1');
    expect(map.get('transaction.state.log.min.isr')).toBe('1');
    // Halong creates its topics explicitly; a typo must not create a stray topic.
    expect(map.get('auto.create.topics.enable')).toBe('false');
  });
});
