// Public API of the field-mapping pipelines (the contract types live in ./types).
export type { FieldMapper, LogsourceMapping } from './types';
export type { MergedPipeline } from './field-mapper';
export type { LoadPipelineOptions, PipelineSource } from './load-pipeline';
export { DEFAULT_PIPELINE_DIR, loadPipeline, loadPipelineSources, mergePipelineSources } from './load-pipeline';
export type { PipelineErrorCode } from './pipeline-errors';
export { PipelineError, PipelineErrorCodes } from './pipeline-errors';
export type { PipelineEntry } from './pipeline-model';
export { PIPELINE_SCHEMA_VERSION } from './read-pipeline-file';
export type { PipelineProblem } from './yaml-tree';
