// The benchmark's syslog sender, a child process so its CPU is not the collector's: reads a
// file of LF-framed messages, splits it at message boundaries over N TCP connections, connects,
// says "ready", and on "go" writes every slice as fast as the collector reads (TCP backpressure).
// Forked by pipeline.ts with the parent's loader (tsx), arguments: file, port, connections.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** Messages between the parent and the sender. */
export type SenderMessage = { type: 'ready'; bytes: number } | { type: 'done'; ms: number; cpuSeconds: number } | { type: 'error'; message: string };

function slices(data: Buffer, parts: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let p = 1; p <= parts; p++) {
    let end = p === parts ? data.length : Math.floor((data.length * p) / parts);
    if (end < data.length) end = data.indexOf(0x0a, end) + 1 || data.length;
    if (end > start) out.push(data.subarray(start, end));
    start = end;
  }
  return out;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

async function main(): Promise<void> {
  const [file, port, connections] = process.argv.slice(2);
  const data = readFileSync(file!);
  const parts = slices(data, Number(connections));
  const sockets = await Promise.all(parts.map(() => open(Number(port))));
  const send = (m: SenderMessage): void => void process.send?.(m);
  process.once('message', () => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // Each socket ends after its slice: the collector sees every message, then the close.
    const closed = sockets.map(
      (socket, i) =>
        new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.once('close', () => resolve());
          socket.end(parts[i]);
        }),
    );
    Promise.all(closed).then(
      () => {
        const cpu = process.cpuUsage(cpu0);
        send({ type: 'done', ms: performance.now() - t0, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
        process.disconnect?.();
      },
      (err: unknown) => send({ type: 'error', message: String(err) }),
    );
  });
  send({ type: 'ready', bytes: data.length });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'error', message: String(err) } satisfies SenderMessage);
  process.exitCode = 1;
});
