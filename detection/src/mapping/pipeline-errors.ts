// Stable codes of pipeline loading, `HALONG_PIPELINE_<NAME>`. Codes never change meaning once
// published; messages are for humans.
import type { PipelineProblem } from './yaml-tree';

/** Codes the loader throws, with a default message. */
export const PipelineErrorCodes = {
  HALONG_PIPELINE_INVALID: 'A pipeline file does not follow the pipeline schema.',
  HALONG_PIPELINE_UNREADABLE: 'A pipeline file or directory cannot be read.',
} as const;

/** A stable code the loader throws. */
export type PipelineErrorCode = keyof typeof PipelineErrorCodes;

/**
 * Thrown by the loader. For HALONG_PIPELINE_INVALID, `problems` lists every mistake found, each
 * with file:line:column; the message shows them all, one per line.
 */
export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly problems: readonly PipelineProblem[];

  constructor(code: PipelineErrorCode, problems: readonly PipelineProblem[], options?: { cause?: unknown; message?: string }) {
    const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    super(options?.message ?? [PipelineErrorCodes[code], ...lines].join('\n'), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.problems = problems;
  }
}
