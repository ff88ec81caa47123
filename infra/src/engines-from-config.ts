import type { HalongConfig } from '@halong/core/node';
import type { EngineName } from './engine-definition';
import type { EnginesOptions } from './engines';

/** The engines options for a configuration (the ports and folders of `npm start`). */
export function enginesOptionsFromConfig(config: HalongConfig, log?: (line: string) => void): EnginesOptions {
  return {
    dataDir: config.engines.dataDir,
    cacheDir: config.engines.cacheDir,
    startTimeoutMs: config.engines.startTimeoutMs,
    opensearch: { port: config.opensearch.port, transportPort: config.opensearch.transportPort, heap: config.engines.opensearchHeap },
    kafka: { port: config.kafka.port, controllerPort: config.kafka.controllerPort, heap: config.engines.kafkaHeap },
    ...(log ? { log } : {}),
  };
}

/** Engines Halong must run itself: those for which no external URL/brokers are configured. */
export function managedEngines(config: HalongConfig): EngineName[] {
  const names: EngineName[] = [];
  if (!config.opensearch.url) names.push('opensearch');
  if (!config.kafka.brokers) names.push('kafka');
  return names;
}
