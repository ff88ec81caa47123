import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { EngineDefinition, EngineContext } from './engine-definition';
import { spawnDetached } from './engine-process';
import { ENGINE_VERSIONS } from './versions';

const run = promisify(execFile);

export interface KafkaEngineOptions {
  dir: string;
  port: number;
  controllerPort: number;
  heap: string;
}

/** server.properties for one combined broker+controller in KRaft mode on loopback. */
export function kafkaServerProperties(o: KafkaEngineOptions): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(o.dir, 'data')}`,
    'num.partitions=3',
    // One node: every internal topic has one replica. Fewer offsets partitions make the
    // first consumer-group join fast on a small machine.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=WARN',
  'log4j.logger.state.change.logger=WARN',
  '',
].join('\n');

/** Apache Kafka (KRaft, single node) run from its Maven Central jars. */
export function kafkaEngine(o: KafkaEngineOptions): EngineDefinition {
  const address = `127.0.0.1:${o.port}`;
  return {
    name: 'kafka',
    address,
    ports: [o.port, o.controllerPort],
    dir: o.dir,
    logFile: join(o.dir, 'kafka.log'),
    pidFile: join(o.dir, 'kafka.pid'),
    maven: { pom: 'kafka', properties: { 'kafka.version': ENGINE_VERSIONS.kafka }, cacheName: `kafka-${ENGINE_VERSIONS.kafka}` },
    async start(ctx: EngineContext) {
      mkdirSync(join(o.dir, 'data'), { recursive: true });
      const props = join(o.dir, 'server.properties');
      const log4j = join(o.dir, 'log4j.properties');
      writeFileSync(props, kafkaServerProperties(o));
      writeFileSync(log4j, LOG4J);
      const jvm = [`-Xms${o.heap}`, `-Xmx${o.heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${log4j}`];
      if (!existsSync(join(o.dir, 'data', 'meta.properties'))) {
        const { stdout: id } = await run(ctx.java, [...jvm, '-cp', ctx.classpath, 'kafka.tools.StorageTool', 'random-uuid']);
        await run(ctx.java, [...jvm, '-cp', ctx.classpath, 'kafka.tools.StorageTool', 'format', '-t', id.trim().split('\n').pop()!, '-c', props, '--ignore-formatted']);
      }
      return spawnDetached(ctx.java, [...jvm, '-cp', ctx.classpath, 'kafka.Kafka', props], {
        cwd: o.dir,
        logFile: join(o.dir, 'kafka.log'),
        pidFile: join(o.dir, 'kafka.pid'),
        marker: props,
      });
    },
    async health() {
      const kafka = new Kafka({ clientId: 'halong-infra', brokers: [address], logLevel: logLevel.NOTHING, connectionTimeout: 1500, retry: { retries: 0 } });
      const admin = kafka.admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return `broker ${address}, cluster ${cluster.clusterId}`;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
  };
}
