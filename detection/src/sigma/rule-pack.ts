// Loading rule folders from disk.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SigmaProblem } from './types';
import { assembleRulePack } from './pack-assembly';
import type { RulePack } from './pack-assembly';
import { parseSigmaFile } from './parse-file';
import type { ParsedFile } from './parse-file';

const RULE_FILE = /\.ya?ml$/i;

async function walk(dir: string, files: string[], problems: SigmaProblem[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ code: 'HALONG_SIGMA_YAML', severity: 'error', message: `cannot read rule folder: ${(err as Error).message}`, source: { file: dir } });
    return;
  }
  await Promise.all(
    entries.map(async (e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path, files, problems);
      else if ((e.isFile() || e.isSymbolicLink()) && RULE_FILE.test(e.name)) files.push(path);
    }),
  );
}

async function readOne(file: string): Promise<ParsedFile> {
  try {
    return parseSigmaFile(await readFile(file, 'utf8'), file);
  } catch (err) {
    const problem: SigmaProblem = { code: 'HALONG_SIGMA_YAML', severity: 'error', message: `cannot read rule file: ${(err as Error).message}`, source: { file } };
    return { documents: [], problems: [problem] };
  }
}

/**
 * Loads every `*.yml` / `*.yaml` file under `dirs` (recursively, in path order), then checks ids,
 * applies filters to their target rules and resolves correlation references. Problems with one
 * file or document never stop the others; they are all in `problems`.
 */
export async function loadRulePack(dirs: string[]): Promise<RulePack> {
  const files: string[] = [];
  const ioProblems: SigmaProblem[] = [];
  for (const dir of dirs) await walk(dir, files, ioProblems);
  files.sort();
  const parsed = await Promise.all(files.map(readOne));
  const pack = assembleRulePack(parsed);
  return { ...pack, problems: [...ioProblems, ...pack.problems] };
}
