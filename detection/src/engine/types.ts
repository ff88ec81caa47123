// The streaming matcher's contract: a compiled rule is a function of an event, built once.
import type { SigmaRule } from '../sigma/types';

/** A Halong event as the matcher sees it: nested ECS JSON (dotted keys are also looked up). */
export type EventRecord = Record<string, unknown>;

/** A rule compiled against one pipeline. */
export interface CompiledRule {
  rule: SigmaRule;
  /** Routing key of the rule's logsource (see LogsourceMapping.key). */
  logsourceKey: string;
  /** True when the event satisfies the rule's detection (logsource conditions NOT included). */
  matches(event: EventRecord): boolean;
  /** ECS paths the rule's detection reads, for `matched fields` in alerts. */
  fields: string[];
}

/** One rule hit on one event: the input of correlation and alerting. */
export interface RuleHit {
  ruleId: string;
  /** `event.id` of the matched event. */
  eventId: string;
  /** Event time (ms since epoch), from `@timestamp`. */
  timestamp: number;
  /** The values of the rule's fields in the event (ECS path → value). */
  fields: Record<string, unknown>;
}
