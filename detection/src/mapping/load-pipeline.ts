// Reads pipeline files and directories into one FieldMapper. Paths load in the order given and
// a directory contributes its *.yml/*.yaml files in name order; an admin's directory passed
// after DEFAULT_PIPELINE_DIR therefore overrides the built-in entries.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FieldMapper } from './types';
import type { MergedPipeline } from './field-mapper';
import { createFieldMapper, mergePipelineFiles } from './field-mapper';
import { PipelineError } from './pipeline-errors';
import type { PipelineFile } from './pipeline-model';
import { readPipelineFile } from './read-pipeline-file';
import type { PipelineProblem } from './yaml-tree';

// From source this file is detection/src/mapping; bundled into the halong command it is cli/dist.
const BUILT_IN_CANDIDATES = [resolve(__dirname, '../../pipelines'), resolve(__dirname, '../../detection/pipelines')];

/** The directory of Halong's built-in pipelines (detection/pipelines). */
export const DEFAULT_PIPELINE_DIR = BUILT_IN_CANDIDATES.find((dir) => existsSync(join(dir, 'windows.yml'))) ?? BUILT_IN_CANDIDATES[0]!;

/** One pipeline file's text, for callers that do not read from disk (tests, an admin API). */
export interface PipelineSource {
  file: string;
  text: string;
}

/** Options of {@link loadPipeline}. */
export interface LoadPipelineOptions {
  /** The FieldMapper's name (default `halong`). */
  name?: string;
}

/**
 * Loads pipeline files and/or directories (default: the built-in ones) into a FieldMapper.
 *
 * @throws PipelineError HALONG_PIPELINE_UNREADABLE for a path that cannot be read,
 *   HALONG_PIPELINE_INVALID (with every problem, as file:line:column) for invalid content.
 */
export function loadPipeline(paths: string | readonly string[] = DEFAULT_PIPELINE_DIR, options: LoadPipelineOptions = {}): FieldMapper {
  return createFieldMapper(options.name ?? 'halong', mergePipelineSources(readSources(typeof paths === 'string' ? [paths] : paths)));
}

/** Like {@link loadPipeline} for texts already in memory. */
export function loadPipelineSources(sources: readonly PipelineSource[], options: LoadPipelineOptions = {}): FieldMapper {
  return createFieldMapper(options.name ?? 'halong', mergePipelineSources(sources));
}

/** Validates and merges sources, without building the mapper (for tools that list entries). */
export function mergePipelineSources(sources: readonly PipelineSource[]): MergedPipeline {
  let order = 0;
  const next = (): number => order++;
  const files: PipelineFile[] = [];
  const problems: PipelineProblem[] = [];
  for (const s of sources) {
    const read = readPipelineFile(s.file, s.text, next);
    problems.push(...read.problems);
    if (read.pipeline) files.push(read.pipeline);
  }
  if (problems.length > 0) throw new PipelineError('HALONG_PIPELINE_INVALID', problems);
  return mergePipelineFiles(files);
}

function readSources(paths: readonly string[]): PipelineSource[] {
  const out: PipelineSource[] = [];
  for (const p of paths) {
    try {
      const files = statSync(p).isDirectory()
        ? readdirSync(p)
            .filter((f) => /\.ya?ml$/i.test(f))
            .sort()
            .map((f) => join(p, f))
        : [p];
      for (const file of files) out.push({ file, text: readFileSync(file, 'utf8') });
    } catch (cause) {
      throw new PipelineError('HALONG_PIPELINE_UNREADABLE', [], { cause, message: `Cannot read pipeline path ${p}: ${(cause as Error).message}` });
    }
  }
  return out;
}
