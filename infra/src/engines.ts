import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { infraAssetsDir } from './assets';
import type { EngineDefinition, EngineName } from './engine-definition';
import { delay, isOurs, logTail, portInUse, readPidFile, stopProcess } from './engine-process';
import { findJava } from './java';
import { kafkaEngine } from './kafka-engine';
import { resolveClasspath } from './maven';
import { opensearchEngine } from './opensearch-engine';

/** Where and how the managed engines run. Tests pass private ports and folders. */
export interface EnginesOptions {
  dataDir: string;
  cacheDir: string;
  startTimeoutMs: number;
  opensearch: { port: number; transportPort: number; heap: string };
  kafka: { port: number; controllerPort: number; heap: string };
  /** Progress lines for a person watching (`halong engines up`). */
  log?: (line: string) => void;
}

export interface EngineStatus {
  name: EngineName;
  address: string;
  /** A process started by Halong is alive (per its pid file). */
  running: boolean;
  pid?: number;
  healthy: boolean;
  detail: string;
  logFile: string;
}

export interface EngineUpReport extends EngineStatus {
  action: 'started' | 'already_running';
  downloadMs: number;
  startMs: number;
  downloaded: boolean;
}

export function engineDefinitions(o: EnginesOptions): Record<EngineName, EngineDefinition> {
  return {
    opensearch: opensearchEngine({ dir: join(o.dataDir, 'opensearch'), ...o.opensearch }),
    kafka: kafkaEngine({ dir: join(o.dataDir, 'kafka'), ...o.kafka }),
  };
}

/** Starts the named engines unless they already run, and waits until each is healthy. */
export async function upEngines(o: EnginesOptions, names: readonly EngineName[] = ['opensearch', 'kafka']): Promise<EngineUpReport[]> {
  const defs = engineDefinitions(o);
  const java = await findJava();
  const assetsDir = infraAssetsDir();
  return Promise.all(
    names.map(async (name) => {
      const def = defs[name];
      mkdirSync(def.dir, { recursive: true });
      if (isOurs(readPidFile(def.pidFile))) {
        const detail = await waitHealthy(def, o.startTimeoutMs);
        return { ...(await statusOf(def)), detail, action: 'already_running' as const, downloadMs: 0, startMs: 0, downloaded: false };
      }
      for (const port of def.ports) {
        if (await portInUse(port)) {
          throw new Error(`${name}: port ${port} is already in use by a process Halong did not start; stop it or choose other ports (see README, HALONG_* ports)`);
        }
      }
      const t0 = performance.now();
      o.log?.(`${name}: resolving jars with Maven (cached in ~/.m2)…`);
      const { classpath, downloaded } = await resolveClasspath({
        pomDir: join(assetsDir, 'maven', def.maven.pom),
        properties: def.maven.properties,
        cacheFile: join(o.cacheDir, 'classpath', `${def.maven.cacheName}.txt`),
      });
      const t1 = performance.now();
      o.log?.(`${name}: jars ${downloaded ? 'downloaded' : 'found in cache'} in ${Math.round(t1 - t0)} ms`);
      o.log?.(`${name}: starting on ${def.address} (log: ${def.logFile})`);
      await def.start({ java: java.java, javac: java.javac, classpath, cacheDir: o.cacheDir, assetsDir });
      const detail = await waitHealthy(def, o.startTimeoutMs);
      const t2 = performance.now();
      o.log?.(`${name}: ready in ${Math.round(t2 - t1)} ms — ${detail}`);
      const status = await statusOf(def);
      return { ...status, detail, action: 'started' as const, downloadMs: Math.round(t1 - t0), startMs: Math.round(t2 - t1), downloaded };
    }),
  );
}

/** Stops only the engines Halong started in this data folder (pid file + command-line check). */
export async function downEngines(o: EnginesOptions, names: readonly EngineName[] = ['kafka', 'opensearch']): Promise<{ name: EngineName; result: 'stopped' | 'not_running' }[]> {
  const defs = engineDefinitions(o);
  const out: { name: EngineName; result: 'stopped' | 'not_running' }[] = [];
  // Kafka first: a broker flushing while OpenSearch goes away is harmless, the reverse is noisier.
  for (const name of names) out.push({ name, result: await stopProcess(defs[name].pidFile) });
  return out;
}

export async function engineStatus(o: EnginesOptions): Promise<EngineStatus[]> {
  const defs = engineDefinitions(o);
  return Promise.all(Object.values(defs).map((d) => statusOf(d)));
}

async function statusOf(def: EngineDefinition): Promise<EngineStatus> {
  const rec = readPidFile(def.pidFile);
  const running = isOurs(rec);
  let healthy = false;
  let detail: string;
  try {
    detail = await def.health();
    healthy = true;
  } catch (err) {
    detail = (err as Error).message || String(err);
  }
  return { name: def.name, address: def.address, running, ...(running ? { pid: rec!.pid } : {}), healthy, detail, logFile: def.logFile };
}

async function waitHealthy(def: EngineDefinition, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      return await def.health();
    } catch (err) {
      last = (err as Error).message || String(err);
    }
    if (!isOurs(readPidFile(def.pidFile))) {
      throw new Error(`${def.name} exited during start; see its log ${def.logFile}:\n${logTail(def.logFile)}`);
    }
    await delay(500);
  }
  throw new Error(`${def.name} did not become healthy on ${def.address} within ${Math.round(timeoutMs / 1000)} s (${last}); see its log ${def.logFile}:\n${logTail(def.logFile)}`);
}
