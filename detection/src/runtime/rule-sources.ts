// Where rules and pipelines come from when the settings do not say. The SigmaHQ corpus is
// referenced where it lies (its LICENSE must travel with any copy), never copied into Halong.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PIPELINE_DIR } from '../mapping';

/** The SigmaHQ folders Halong loads by default, in this order. */
export const SIGMA_CORPUS_FOLDERS: readonly string[] = ['rules', 'rules-threat-hunting', 'rules-emerging-threats'];

// From source this file is detection/src/runtime; bundled into the halong command it is cli/dist.
const REPO_ROOT_CANDIDATES = [resolve(__dirname, '../../..'), resolve(__dirname, '../..')];

/** The repository root (the folder holding `detection/pipelines`), if this code runs from one. */
export function repoRoot(candidates: readonly string[] = REPO_ROOT_CANDIDATES): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'detection', 'pipelines')));
}

/** `<repo>/../shared/sigma/{rules,…}` that exist; empty when the corpus is not next to the repo. */
export function defaultRuleDirs(root: string | undefined = repoRoot()): string[] {
  if (root === undefined) return [];
  return SIGMA_CORPUS_FOLDERS.map((f) => resolve(root, '..', 'shared', 'sigma', f)).filter((dir) => existsSync(dir));
}

/** The built-in pipelines first, then the admin's, so theirs extend and override ours. */
export function pipelinePaths(adminDirs: readonly string[] = []): string[] {
  return [DEFAULT_PIPELINE_DIR, ...adminDirs];
}
