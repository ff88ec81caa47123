// Hand-built Sigma IR for correlation tests (the parser is written in parallel), and a small
// converter for the spec's correlation examples, kept here verbatim as YAML.
import { parse } from 'yaml';
import type { RuleHit } from '../../src/engine/types';
import type { CorrelationCondition, CorrelationType, SigmaCorrelation, SigmaLevel, SigmaRule } from '../../src/sigma/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const T0 = Date.parse('2026-03-01T10:00:00Z');

const common = (title: string) => ({
  title,
  references: [],
  falsepositives: [],
  tags: { all: [], tactics: [], techniques: [] },
  source: { file: 'test.yml' },
  raw: {},
});

/** A base rule; only identity and metadata matter to correlation and alerts. */
export function rule(id: string, extra: { name?: string; level?: SigmaLevel; title?: string; tags?: string[] } = {}): SigmaRule {
  const tags = extra.tags ?? [];
  return {
    ...common(extra.title ?? `rule ${id}`),
    id,
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.level ? { level: extra.level } : {}),
    tags: {
      all: tags,
      tactics: tags.filter((t) => /^attack\.[a-z-]+$/.test(t) && !/^attack\.[tgs]\d/.test(t)).map((t) => t.slice(7).replace(/_/g, '-')),
      techniques: tags.filter((t) => /^attack\.t\d/.test(t)).map((t) => t.slice(7).toUpperCase()),
    },
    type: 'rule',
    logsource: { product: 'windows' },
    detection: { searches: {}, condition: { kind: 'ref', name: 'selection' } },
    fields: [],
    related: [],
  };
}

export interface CorrelationSpec {
  id?: string;
  name?: string;
  title?: string;
  level?: SigmaLevel;
  type: CorrelationType;
  rules: string[];
  groupBy?: string[];
  timespanMs: number;
  condition?: CorrelationCondition;
  aliases?: Record<string, Record<string, string>>;
  generate?: boolean;
  raw?: Record<string, unknown>;
}

export function correlation(spec: CorrelationSpec): SigmaCorrelation {
  return {
    ...common(spec.title ?? `correlation ${spec.id ?? spec.name ?? spec.type}`),
    ...(spec.id ? { id: spec.id } : {}),
    ...(spec.name ? { name: spec.name } : {}),
    ...(spec.level ? { level: spec.level } : {}),
    raw: spec.raw ?? {},
    type: 'correlation',
    correlation: {
      type: spec.type,
      rules: spec.rules,
      groupBy: spec.groupBy ?? [],
      timespanMs: spec.timespanMs,
      ...(spec.condition ? { condition: spec.condition } : {}),
      aliases: spec.aliases ?? {},
      generate: spec.generate ?? false,
    },
  };
}

let seq = 0;
/** A hit; event ids are unique unless given. */
export function hit(ruleId: string, timestamp: number, fields: Record<string, unknown>, eventId?: string): RuleHit {
  return { ruleId, eventId: eventId ?? `ev-${++seq}`, timestamp, fields };
}

const UNITS: Record<string, number> = { s: 1000, m: MINUTE, h: HOUR, d: 24 * HOUR };
const OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;

/** A correlation document as written in YAML, in the IR the parser will produce. */
export function fromYaml(text: string): SigmaCorrelation {
  const doc = parse(text) as Record<string, unknown>;
  const c = doc['correlation'] as Record<string, unknown>;
  const span = /^(\d+)([smhd])$/.exec(String(c['timespan'])) as RegExpExecArray;
  const cond = c['condition'] as Record<string, unknown> | undefined;
  return correlation({
    ...(typeof doc['id'] === 'string' ? { id: doc['id'] } : {}),
    ...(typeof doc['name'] === 'string' ? { name: doc['name'] } : {}),
    title: String(doc['title']),
    type: c['type'] as CorrelationType,
    rules: c['rules'] as string[],
    groupBy: (c['group-by'] as string[] | undefined) ?? [],
    timespanMs: Number(span[1]) * (UNITS[span[2] as string] as number),
    ...(cond
      ? {
          condition: {
            ops: OPS.filter((op) => op in cond).map((op) => ({ op, value: cond[op] as number })),
            ...(typeof cond['field'] === 'string' ? { field: cond['field'] } : {}),
          },
        }
      : {}),
    aliases: (c['aliases'] as Record<string, Record<string, string>> | undefined) ?? {},
    generate: c['generate'] === true,
    raw: doc,
  });
}

/** The spec's correlation examples (sigma-specification, correlation rules), as written. */
export const SPEC = {
  event_count: `title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100`,
  event_count_ecs: `title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
taxonomy: ecs
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - dns.question.name
    timespan: 1h
    condition:
        gte: 100`,
  value_count: `title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
        - WorkstationName
    timespan: 1d
    condition:
        field: User
        gte: 100`,
  temporal: `title: Recon
correlation:
    type: temporal
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m`,
  temporal_ordered: `title: Recon ordered
correlation:
    type: temporal_ordered
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m`,
  value_sum: `title: Possible Exfiltration to Website
correlation:
    type: value_sum
    rules:
        - website_access
    group-by:
        - SourceIP
        - User
    timespan: 1h
    condition:
        field: bytes_sent
        gt: 1000000`,
  value_avg: `title: Suspicious average network traffic
correlation:
    type: value_avg
    rules:
        - rule_a_id
    group-by:
        - SourceIP
        - User
    timespan: 24h
    condition:
        field: BytesOut
        gt: 500`,
  value_percentile: `title: A computer spawned a processes name in the last 24h than 1% of all the processes.
correlation:
    type: value_percentile
    rules:
        - process_creation
    group-by:
        - ComputerName
    timespan: 24h
    condition:
        field: Image
        lte: 1`,
} as const;
