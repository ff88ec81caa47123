import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClasspathRequest {
  /** Folder holding the pom (infra/maven/<name>). */
  pomDir: string;
  /** Maven property overrides, e.g. { 'kafka.version': '3.9.2' }. */
  properties: Record<string, string>;
  /** Where the resolved classpath is cached. */
  cacheFile: string;
}

/**
 * Resolves a classpath with Maven, once: jars land in ~/.m2 (shared by every clone on the
 * machine) and the classpath text is cached; later calls only check the jars still exist.
 */
export async function resolveClasspath(req: ClasspathRequest): Promise<{ classpath: string; downloaded: boolean }> {
  const cached = readCached(req.cacheFile);
  if (cached) return { classpath: cached, downloaded: false };
  mkdirSync(join(req.cacheFile, '..'), { recursive: true });
  const tmp = `${req.cacheFile}.${process.pid}.tmp`;
  const args = [
    '-B',
    '-q',
    '-f',
    join(req.pomDir, 'pom.xml'),
    ...Object.entries(req.properties).map(([k, v]) => `-D${k}=${v}`),
    'dependency:build-classpath',
    `-Dmdep.outputFile=${tmp}`,
  ];
  try {
    await run('mvn', args, { maxBuffer: 16 << 20, timeout: 30 * 60_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const tail = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Maven could not resolve ${req.pomDir} (is mvn installed and Maven Central reachable?):\n${tail || e.message}`);
  }
  renameSync(tmp, req.cacheFile); // atomic: a concurrent reader sees all or nothing
  const classpath = readCached(req.cacheFile);
  if (!classpath) throw new Error(`Maven wrote an unusable classpath to ${req.cacheFile}`);
  return { classpath, downloaded: true };
}

function readCached(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const classpath = readFileSync(file, 'utf8').trim();
  const jars = classpath.split(':').filter(Boolean);
  return jars.length && jars.every((j) => existsSync(j)) ? classpath : undefined;
}
