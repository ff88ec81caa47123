// A second process for the benches that need one (the AuthZEN server, the revocation follower),
// talking JSON lines: the parent writes requests to its stdin, the child answers on stdout.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchChild {
  readonly pid: number;
  send(message: unknown): void;
  /** Calls `listener` with every JSON line the child prints. */
  onMessage(listener: (message: Record<string, unknown>) => void): void;
  /** The first message (from now on) that `match` accepts; rejects after `timeoutMs` or if the child exits. */
  next(match: (message: Record<string, unknown>) => boolean, timeoutMs: number, what: string): Promise<Record<string, unknown>>;
  /** Ends the child (stdin closed, then SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `script` (a TypeScript file) with this process's own node flags: under tsx those carry
 * tsx's loader, so the child runs TypeScript exactly as the parent does.
 */
export function startBenchChild(script: string, env: Record<string, string> = {}): BenchChild {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const listeners = new Set<(message: Record<string, unknown>) => void>();
  let exited: string | undefined;
  const exitWaiters = new Set<() => void>();
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
    for (const w of exitWaiters) w();
  });
  // Anything that is not a protocol line (warnings, a stack trace) is shown, not lost.
  createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`  [${script.split('/').pop()}] ${line}\n`));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      process.stderr.write(`  [${script.split('/').pop()}] ${line}\n`);
      return;
    }
    for (const l of listeners) l(message);
  });

  return {
    pid: child.pid!,
    send: (message) => void child.stdin.write(`${JSON.stringify(message)}\n`),
    onMessage: (listener) => void listeners.add(listener),
    next(match, timeoutMs, what) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(listener);
          exitWaiters.delete(onExit);
        };
        const listener = (m: Record<string, unknown>) => {
          if (!match(m)) return;
          done();
          resolve(m);
        };
        const onExit = () => {
          done();
          reject(new Error(`${what}: the child process ${exited}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(listener);
        exitWaiters.add(onExit);
        if (exited) onExit();
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => exitWaiters.add(resolve));
      child.stdin.end();
      const term = setTimeout(() => child.kill('SIGTERM'), 3000);
      const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
      await gone;
      clearTimeout(term);
      clearTimeout(kill);
    },
  };
}

/** In a child: calls `handler` with each JSON line the parent writes, and `onEnd` when stdin closes. */
export function onParentMessages(handler: (message: Record<string, unknown>) => void | Promise<void>, onEnd: () => void | Promise<void>): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    Promise.resolve(handler(JSON.parse(line) as Record<string, unknown>)).catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
  });
  rl.on('close', () => {
    Promise.resolve(onEnd()).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
      },
    );
  });
}

/** In a child: prints one protocol line for the parent. */
export function toParent(message: unknown): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
