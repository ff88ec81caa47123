import { join } from 'node:path';
import type { ThreadEntry } from '@halong/core/node';

/**
 * How a worker thread enters this program again: the bundled `halong` command is one file
 * whose `main` runs the thread's body first; the TypeScript source (development, under tsx)
 * is loaded through tsx's require hook.
 */
export function selfThreadEntry(file = __filename): ThreadEntry {
  if (!file.endsWith('.ts')) return { filename: file };
  return { filename: `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'main.ts'))});`, eval: true };
}
