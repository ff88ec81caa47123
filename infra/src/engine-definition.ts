import type { PidRecord } from './engine-process';

export type EngineName = 'opensearch' | 'kafka';

/** What starting an engine needs from the shared set-up. */
export interface EngineContext {
  java: string;
  javac: string;
  classpath: string;
  cacheDir: string;
  assetsDir: string;
}

/** One engine Halong can run: where its files live, how to start it, how to know it is healthy. */
export interface EngineDefinition {
  name: EngineName;
  /** How clients reach it: a URL (OpenSearch) or host:port (Kafka). */
  address: string;
  ports: number[];
  dir: string;
  logFile: string;
  pidFile: string;
  maven: { pom: string; properties: Record<string, string>; cacheName: string };
  start(ctx: EngineContext): Promise<PidRecord>;
  /** Resolves with a detail line when the engine serves requests; throws otherwise. */
  health(): Promise<string>;
}
