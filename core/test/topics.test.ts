import type { TopicKey } from '@halong/core';
import { COMPACTED_TOPICS, Topics, topicName } from '@halong/core';

describe('topicName', () => {
  it('returns the contract name unchanged when the prefix is empty', () => {
    expect(topicName('', 'events')).toBe('halong.events.v1');
    expect(topicName('', 'control')).toBe('halong.control.v1');
  });

  it('puts the prefix and a dot in front of the contract name', () => {
    expect(topicName('test-1234', 'alerts')).toBe('test-1234.halong.alerts.v1');
    expect(topicName('a', 'audit')).toBe('a.halong.audit.v1');
  });

  it('derives a distinct name for every topic key', () => {
    const keys = Object.keys(Topics) as TopicKey[];
    const names = keys.map((k) => topicName('p', k));
    expect(new Set(names).size).toBe(keys.length);
    for (const [i, k] of keys.entries()) expect(names[i]).toBe(`p.${Topics[k]}`);
  });

  it('names only known topics as compacted', () => {
    expect(COMPACTED_TOPICS).toEqual(['control']);
    for (const k of COMPACTED_TOPICS) expect(Object.keys(Topics)).toContain(k);
  });
});
