import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The java (and javac) to use: JAVA_HOME's, else the one on PATH. Both engines need 17+. */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<{ java: string; javac: string; version: number }> {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const javac = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'javac') : 'javac';
  let output: string;
  try {
    const { stderr, stdout } = await run(java, ['-version']);
    output = stderr + stdout;
  } catch (err) {
    throw new Error(`no Java found (${java}): install a JDK 17 or set JAVA_HOME (${(err as Error).message})`);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= 17)) throw new Error(`Java 17 or later is needed, found: ${output.split('\n')[0]}`);
  return { java, javac, version: major };
}
