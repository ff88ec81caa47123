import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';

/** What a pid file records about a process Halong started. */
export interface PidRecord {
  pid: number;
  /** A string that must appear in the process's command line: proof it is still ours. */
  marker: string;
  startedAt: string;
}

export function readPidFile(file: string): PidRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
    return Number.isInteger(rec.pid) && typeof rec.marker === 'string' ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** True when the pid is alive and its command line still carries our marker (pids get reused). */
export function isOurs(rec: PidRecord | undefined): boolean {
  if (!rec) return false;
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0').join(' ').includes(rec.marker);
  } catch {
    return true; // no /proc (not Linux): the pid check is all we have
  }
}

/** Starts a long-running process detached from this one, output appended to `logFile`. */
export function spawnDetached(command: string, args: string[], opts: { logFile: string; pidFile: string; marker: string; cwd: string; env?: NodeJS.ProcessEnv }): PidRecord {
  const fd = openSync(opts.logFile, 'a');
  try {
    const child = spawn(command, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', fd, fd], env: opts.env ?? process.env });
    if (!child.pid) throw new Error(`could not start ${command}`);
    child.unref();
    const rec: PidRecord = { pid: child.pid, marker: opts.marker, startedAt: new Date().toISOString() };
    writeFileSync(opts.pidFile, JSON.stringify(rec));
    return rec;
  } finally {
    closeSync(fd);
  }
}

/** Stops a process we started: SIGTERM, then SIGKILL after `graceMs`. Removes the pid file. */
export async function stopProcess(pidFile: string, graceMs = 30_000): Promise<'stopped' | 'not_running'> {
  const rec = readPidFile(pidFile);
  if (!isOurs(rec)) {
    rmSync(pidFile, { force: true });
    return 'not_running';
  }
  process.kill(rec!.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(rec!.pid) && Date.now() < deadline) await delay(200);
  if (isAlive(rec!.pid)) process.kill(rec!.pid, 'SIGKILL');
  while (isAlive(rec!.pid)) await delay(100);
  rmSync(pidFile, { force: true });
  return 'stopped';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill(0); /proc tells it is dead.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The last lines of a log, for error messages. */
export function logTail(file: string, lines = 12): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log yet)';
  }
}
