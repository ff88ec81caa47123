// The Sigma rule model after parsing and value-modifier expansion. This is the one contract
// between the parser, the streaming compiler, the OpenSearch backend and correlation: none of
// them looks at YAML. Field names here are still Sigma's (e.g. `Image`); field mapping to ECS
// happens when a rule is compiled for a pipeline.

/** Where a rule (or a piece of it) came from, for error messages. Lines are 1-based. */
export interface SourceRef {
  file: string;
  line?: number;
  column?: number;
}

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type SigmaStatus = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';

export interface SigmaLogsource {
  category?: string;
  product?: string;
  service?: string;
  definition?: string;
}

/** A piece of a string pattern: literal text, `*` (any run, possibly empty) or `?` (one character). */
export type PatternPart =
  | { kind: 'literal'; text: string }
  | { kind: 'any' }
  | { kind: 'one' }
  /** `expand` modifier: `%name%`, replaced by the pipeline's values for it (OR) when the rule is compiled. */
  | { kind: 'placeholder'; name: string };

/**
 * One test of one field value, after every modifier has been applied. A string value that
 * expands to several variants (windash, base64offset, utf16 …) becomes several ValueTests.
 */
export type ValueTest =
  /** Wildcard pattern over the whole value; contains/startswith/endswith are already folded in as `any` parts. */
  | { kind: 'string'; pattern: PatternPart[]; cased: boolean }
  /** `re` modifier: the regex source as written; flags from `re|i`, `re|m`, `re|s`. */
  | { kind: 'regex'; source: string; flags: { i: boolean; m: boolean; s: boolean } }
  /** A YAML number; `eq` also matches a numeric string ("4688"). lt/lte/gt/gte come from the modifiers. */
  | { kind: 'number'; op: 'eq' | 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** `field: null`: the field is absent, null or the empty string. */
  | { kind: 'null' }
  /** `exists` modifier. */
  | { kind: 'exists'; value: boolean }
  /** `cidr` modifier, IPv4 or IPv6 network in CIDR notation ("10.0.0.0/8", "fe80::/10"). */
  | { kind: 'cidr'; network: string }
  /** `fieldref` modifier: compare with another field of the same event (combinable with startswith/endswith/contains). */
  | { kind: 'fieldref'; field: string; position: 'eq' | 'startswith' | 'endswith' | 'contains'; cased: boolean }
  /** Time modifiers: the part (`minute` … `year`) of a timestamp field compared with a number. */
  | { kind: 'time-part'; unit: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'; value: number };

/**
 * One `field|modifiers: values` entry. The field value matches when any test passes, or every
 * test with `all`. `negate` (the `neq` modifier) inverts the whole entry.
 */
export interface FieldTest {
  /** Sigma field name as written in the rule. */
  field: string;
  /** The modifiers as written, for error messages and the query backend's comments. */
  modifiers: string[];
  tests: ValueTest[];
  all: boolean;
  negate: boolean;
}

/**
 * A search identifier (`selection: …`).
 * - `maps`: a map, or a list of maps: OR over the alternatives, AND over the FieldTests of one alternative.
 * - `keywords`: a list of plain values searched in any field (full text); OR over tests, or AND with `|all`.
 */
export type Search =
  | { kind: 'maps'; alternatives: FieldTest[][]; source?: SourceRef }
  | { kind: 'keywords'; tests: ValueTest[]; all: boolean; source?: SourceRef };

/** The condition grammar; `x of pattern` is resolved to the names it covers at parse time. */
export type ConditionNode =
  | { kind: 'and'; children: ConditionNode[] }
  | { kind: 'or'; children: ConditionNode[] }
  | { kind: 'not'; child: ConditionNode }
  | { kind: 'ref'; name: string }
  /** `1 of x*` → count 1, `all of them` → 'all'. Names exclude identifiers starting with `_` for `them`. */
  | { kind: 'of'; count: number | 'all'; names: string[] };

export interface SigmaDetection {
  searches: Record<string, Search>;
  /** Several `condition:` entries are OR-ed into one node. Filters are folded in as `and not (…)`. */
  condition: ConditionNode;
  /** `timeframe` (deprecated in 2.x but present in old rules), in milliseconds. */
  timeframeMs?: number;
}

/** ATT&CK and other tags split out of `tags:`. */
export interface RuleTags {
  all: string[];
  /** e.g. `execution`, `defense-evasion` (from `attack.execution`). */
  tactics: string[];
  /** e.g. `T1059.001` (from `attack.t1059.001`), upper-cased. */
  techniques: string[];
}

interface RuleCommon {
  id?: string;
  name?: string;
  title: string;
  status?: SigmaStatus;
  description?: string;
  author?: string;
  date?: string;
  modified?: string;
  references: string[];
  level?: SigmaLevel;
  tags: RuleTags;
  falsepositives: string[];
  source: SourceRef;
  /** Every top-level attribute as written (custom attributes included). */
  raw: Record<string, unknown>;
}

export interface SigmaRule extends RuleCommon {
  type: 'rule';
  logsource: SigmaLogsource;
  detection: SigmaDetection;
  fields: string[];
  related: { id: string; type: string }[];
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile'
  | 'value_median';

export interface CorrelationCondition {
  /** gt, gte, lt, lte, eq, neq: several may be combined (e.g. gte + lte for a range). */
  ops: { op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq'; value: number }[];
  /** The aggregated field (value_count, value_sum, value_avg, value_percentile, value_median). */
  field?: string;
}

export interface SigmaCorrelation extends RuleCommon {
  type: 'correlation';
  correlation: {
    type: CorrelationType;
    /** Rule ids or names, as written. Resolved against the loaded collection. */
    rules: string[];
    groupBy: string[];
    timespanMs: number;
    /** Absent for temporal/temporal_ordered (all rules must match). */
    condition?: CorrelationCondition;
    /** alias → (rule id or name → field name in that rule's events). */
    aliases: Record<string, Record<string, string>>;
    /** Whether the referenced rules also produce their own alerts. */
    generate: boolean;
  };
}

export interface SigmaFilter extends RuleCommon {
  type: 'filter';
  logsource: SigmaLogsource;
  filter: {
    /** Rule ids or names the filter applies to. */
    rules: string[];
    searches: Record<string, Search>;
    condition: ConditionNode;
  };
}

export type SigmaDocument = SigmaRule | SigmaCorrelation | SigmaFilter;

/** Stable codes for everything that can be wrong with a rule. */
export type SigmaErrorCode =
  | 'HALONG_SIGMA_YAML'
  | 'HALONG_SIGMA_SCHEMA'
  | 'HALONG_SIGMA_CONDITION'
  | 'HALONG_SIGMA_MODIFIER'
  | 'HALONG_SIGMA_VALUE'
  | 'HALONG_SIGMA_REFERENCE'
  | 'HALONG_SIGMA_UNSUPPORTED'
  | 'HALONG_SIGMA_MAPPING';

/** One problem with one rule: names the file, the rule id (when known) and what is wrong. */
export interface SigmaProblem {
  code: SigmaErrorCode;
  message: string;
  source: SourceRef;
  ruleId?: string;
  severity: 'error' | 'warning';
}
