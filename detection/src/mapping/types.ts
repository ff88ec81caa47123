// The contract between field-mapping pipelines (data files an admin can extend) and the two
// rule compilers (streaming matcher, OpenSearch query). A pipeline says, for a rule's logsource,
// which events are of that kind (routing) and where each Sigma field lives in a Halong ECS event.
import type { FieldTest, SigmaLogsource, SigmaProblem } from '../sigma/types';

/** What a pipeline decided for one rule's logsource. */
export interface LogsourceMapping {
  /**
   * Stable routing key of the logsource (e.g. `windows/process_creation`): every rule with the same
   * key shares the same `conditions`, so the matcher tests them once per event for all those rules.
   */
  key: string;
  /**
   * What an event must satisfy to be of this logsource, as tests on ECS fields (AND). Empty means
   * every event (a rule with an empty logsource).
   */
  conditions: FieldTest[];
  /** ECS paths a Sigma field maps to; several paths are OR-ed (the field matches if any does). */
  field(sigmaField: string): string[];
  /** Values of an `expand` placeholder (`%name%` → name); undefined when the pipeline has none. */
  placeholder(name: string): string[] | undefined;
  /** The ECS paths searched by keyword (field-less) searches. Empty = every string field of the event. */
  keywordFields: string[];
}

/** A loaded pipeline: resolves logsources, or says why it cannot. */
export interface FieldMapper {
  readonly name: string;
  forLogsource(logsource: SigmaLogsource): LogsourceMapping | SigmaProblem;
}
