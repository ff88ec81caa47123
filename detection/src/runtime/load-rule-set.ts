// Reading rule folders and pipelines from disk, then compiling them (rule-set.ts).
import { loadPipeline } from '../mapping/load-pipeline';
import { PipelineError } from '../mapping/pipeline-errors';
import { DetectionRuntimeError } from './errors';
import { readRuleFiles } from './read-rule-files';
import type { RuleSet } from './rule-set';
import { buildRuleSet } from './rule-set';

/** What to load. */
export interface LoadRuleSetOptions {
  ruleDirs: readonly string[];
  /** Pipeline folders or files, in load order (see `pipelinePaths`). */
  pipelinePaths: readonly string[];
  signal?: AbortSignal;
}

/** A rule set and where it came from. */
export interface LoadedRuleSet {
  ruleSet: RuleSet;
  ruleDirs: readonly string[];
  pipelinePaths: readonly string[];
  parseMs: number;
  compileMs: number;
  loadedAt: string;
}

/**
 * Loads every rule file under `ruleDirs`. Broken rules are problems in the result; only
 * pipelines that cannot be read or are invalid fail the whole load (HALONG_DETECTION_PIPELINE),
 * since no rule could be mapped without them.
 */
export async function loadRuleSet(o: LoadRuleSetOptions): Promise<LoadedRuleSet> {
  let mapper;
  try {
    mapper = loadPipeline(o.pipelinePaths);
  } catch (err) {
    const detail = err instanceof PipelineError ? `${err.code}: ${err.message}` : String(err);
    throw new DetectionRuntimeError('HALONG_DETECTION_PIPELINE', `cannot load the pipelines ${o.pipelinePaths.join(', ')}: ${detail}`, { cause: err });
  }
  const started = performance.now();
  const pack = await readRuleFiles(o.ruleDirs, o.signal ? { signal: o.signal } : {});
  const parseMs = performance.now() - started;
  const ruleSet = await buildRuleSet(pack, mapper, o.signal ? { signal: o.signal } : {});
  return { ruleSet, ruleDirs: o.ruleDirs, pipelinePaths: o.pipelinePaths, parseMs, compileMs: ruleSet.compileMs, loadedAt: new Date().toISOString() };
}
