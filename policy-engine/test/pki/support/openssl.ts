import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What an openssl run printed and how it ended. */
export interface OpensslResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real /usr/bin/openssl (no shell) and returns its output. */
export function openssl(args: readonly string[], input?: string | Buffer): OpensslResult {
  const result = spawnSync('openssl', args, input === undefined ? {} : { input });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

/** `-attime` value for openssl: Unix seconds. */
export const epochSeconds = (date: Date): string => String(Math.floor(date.getTime() / 1000));

/** A scratch directory for files openssl reads; `write` puts a file there and returns its path. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'halong-pki-'));

  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Counts non-overlapping occurrences of `needle` in `text`. */
export const countOf = (text: string, needle: string): number => text.split(needle).length - 1;
