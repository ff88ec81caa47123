// A real Mosquitto for the MQTT input tests: a TLS listener that requires a client certificate
// from a CA made here with the openssl CLI, and the real mosquitto_pub as the devices' side.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MosquittoProcess } from '@halong/infra';
import { freePort, spawnMosquitto, writeMosquittoConfig } from '@halong/infra';

/** Certificates (name.crt, name.key in `dir`): CAs `ca` and `rogue-ca`; leaves `broker`, `collector`, `publisher` (ca) and `rogue` (rogue-ca). */
export function makePki(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) =>
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`);
  const leaf = (name: string, issuer: string, san: string) => {
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
  };
  ca('ca');
  ca('rogue-ca');
  leaf('broker', 'ca', 'IP:127.0.0.1');
  leaf('collector', 'ca', 'URI:spiffe://halong.local/collector/lab/col-1');
  leaf('publisher', 'ca', 'DNS:sensor-gateway.lab');
  leaf('rogue', 'rogue-ca', 'DNS:sensor-gateway.lab');
}

/** The exit code and error output of a command. */
export function run(command: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/** A running broker and what the tests need around it. */
export interface TestBroker {
  port: number;
  url: string;
  dir: string;
  pem(name: string): Buffer;
  /** mosquitto_pub with a certificate (`publisher` by default), QoS 1 by default; resolves with its exit code. */
  publish(topic: string, payload: { message: string } | { file: string }, options?: { cert?: string; qos?: 0 | 1 }): Promise<{ code: number; stderr: string }>;
  /** Stops the broker process (sessions are in memory: they go with it). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** What the broker logged. */
  log(): string;
}

/** Makes the certificates and starts Mosquitto on a free port with a TLS listener requiring them. */
export async function startTestBroker(): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-input-'));
  makePki(dir);
  const port = await freePort();
  const config = writeMosquittoConfig(dir, port, { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'broker.crt'), keyFile: join(dir, 'broker.key') });

  let child: ChildProcess | undefined;
  // What every run of the broker logged, restarts included.
  let earlier = '';
  let current: MosquittoProcess | undefined;
  const output = (): string => earlier + (current?.log() ?? '');
  const launch = async (): Promise<void> => {
    current = await spawnMosquitto(config);
    child = current.process;
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  try {
    await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    port,
    url: `mqtts://127.0.0.1:${port}`,
    dir,
    pem: (name) => readFileSync(join(dir, name)),
    publish: (topic, payload, { cert = 'publisher', qos = 1 } = {}) =>
      run('mosquitto_pub', [
        ...['-h', '127.0.0.1', '-p', String(port), '--cafile', join(dir, 'ca.crt'), '--cert', join(dir, `${cert}.crt`), '--key', join(dir, `${cert}.key`)],
        ...['-q', String(qos), '-t', topic],
        ...('message' in payload ? ['-m', payload.message] : ['-f', payload.file]),
      ]),
    stop: async () => {
      await stop();
    },
    restart: async () => {
      await stop();
      earlier = `${output()}--- restart ---\n`;
      current = undefined;
      await launch();
    },
    log: output,
  };
}

/** Stops the broker and removes its directory. */
export async function removeTestBroker(broker: TestBroker | undefined): Promise<void> {
  if (!broker) return;
  await broker.stop();
  rmSync(broker.dir, { recursive: true, force: true });
}
