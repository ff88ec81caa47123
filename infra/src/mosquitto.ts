// Debian's Mosquitto as the tests' MQTT broker: a TLS listener on 127.0.0.1 that requires a
// client certificate and takes the certificate's CN as the user name, as Halong deployments do.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian installs the broker. */
export const MOSQUITTO = '/usr/sbin/mosquitto';

/** The PEM files of the broker's TLS listener. */
export interface MosquittoTls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A running broker: its process and what it logged so far. */
export interface MosquittoProcess {
  process: ChildProcess;
  log(): string;
}

/** Writes `dir/mosquitto.conf` for a TLS listener on `port` requiring client certificates; returns its path. */
export function writeMosquittoConfig(dir: string, port: number, tls: MosquittoTls): string {
  const file = join(dir, 'mosquitto.conf');
  const lines = [
    // As root Mosquitto would switch to its own user, which cannot read a private temp dir.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    'persistence false',
    'log_dest stderr',
    ...['error', 'warning', 'notice', 'information'].map((t) => `log_type ${t}`),
    `listener ${port} 127.0.0.1`,
    `cafile ${tls.caFile}`,
    `certfile ${tls.certFile}`,
    `keyfile ${tls.keyFile}`,
    'require_certificate true',
    'use_identity_as_username true',
    'allow_anonymous false',
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** Starts Mosquitto on a config file; resolves once it says it is running (killed after `timeoutMs` otherwise). */
export function spawnMosquitto(configFile: string, timeoutMs = 10_000): Promise<MosquittoProcess> {
  const proc = spawn(MOSQUITTO, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      proc.kill('SIGKILL');
      reject(new Error(`mosquitto did not start:\n${output}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      if (!/mosquitto version \S+ running/.test(output)) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ process: proc, log: () => output });
    }, 20);
    proc.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`mosquitto exited with ${code}:\n${output}`));
    });
  });
}
