// Attributes shared by rules, correlations and filters (specification "Components").
//
// Severity policy: an `error` (the document is not loaded) is reserved for what the specification
// or its JSON schema makes mandatory or types strictly: a missing/non-string title, an id that is
// not a UUID (rules), status/level outside their enums, dates that are not dates, lists that are
// not lists, unknown `related` types. Conventions the specification words as "should" (tag
// syntax, lower-case logsource values, UUIDs for correlation/filter ids) and legacy spellings
// pySigma still reads (YYYY/MM/DD dates) are warnings: the document loads.
import type { SigmaLevel, SigmaRule, SigmaStatus } from './types';
import type { ProblemSink } from './problems';
import { isWellFormedTag, splitTags } from './tags';
import { child, describe, toPlain } from './yaml-tree';
import type { YMap, YNode } from './yaml-tree';

export type CommonFields = Omit<SigmaRule, 'type' | 'logsource' | 'detection' | 'fields' | 'related'>;
export type DocumentKind = 'rule' | 'correlation' | 'filter';

const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];
const STATUSES: readonly SigmaStatus[] = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID (any version; the schema's `format: uuid`). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** A string attribute, or undefined (with an error) when it has another type. */
export function stringAttr(doc: YMap, key: string, sink: ProblemSink): string | undefined {
  const node = child(doc, key);
  if (!node || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
  sink.error('HALONG_SIGMA_SCHEMA', `'${key}' must be a string, not ${describe(node)}`, node.loc);
  return undefined;
}

/** A list of strings; `single` also accepts one plain string (the schema allows it for some keys). */
export function stringList(node: YNode | undefined, key: string, sink: ProblemSink, single = false): string[] {
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind === 'scalar' && single && typeof node.value === 'string') return [node.value];
  if (node.kind !== 'seq') {
    sink.error('HALONG_SIGMA_SCHEMA', `'${key}' must be a list of strings, not ${describe(node)}`, node.loc);
    return [];
  }
  const out: string[] = [];
  for (const item of node.items) {
    // Plain YAML numbers in lists (e.g. a field named 4688) are kept as written.
    if (item.kind === 'scalar' && item.value !== null && typeof item.value !== 'boolean') out.push(item.text);
    else sink.error('HALONG_SIGMA_SCHEMA', `'${key}' must contain only strings, found ${describe(item)}`, item.loc);
  }
  return out;
}

function dateAttr(doc: YMap, key: string, sink: ProblemSink): string | undefined {
  const node = child(doc, key);
  if (!node || (node.kind === 'scalar' && node.value === null)) return undefined;
  const text = node.kind === 'scalar' ? node.text : '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const legacy = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  const m = iso ?? legacy;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const real = m !== null && mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (!real) {
    sink.error('HALONG_SIGMA_SCHEMA', `'${key}' must be a date written YYYY-MM-DD, not ${describe(node)}`, node.loc);
    return undefined;
  }
  const normal = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (legacy) sink.warn('HALONG_SIGMA_SCHEMA', `'${key}' uses the legacy YYYY/MM/DD form; Sigma 2 dates are YYYY-MM-DD (read as ${normal})`, node.loc);
  return normal;
}

function enumAttr<T extends string>(doc: YMap, key: string, allowed: readonly T[], sink: ProblemSink): T | undefined {
  const value = stringAttr(doc, key, sink);
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  sink.error('HALONG_SIGMA_SCHEMA', `'${key}' must be one of ${allowed.join(', ')}, not '${value}'`, child(doc, key)?.loc);
  return undefined;
}

function readId(doc: YMap, kind: DocumentKind, sink: ProblemSink): string | undefined {
  const node = child(doc, 'id');
  if (!node || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    sink.error('HALONG_SIGMA_SCHEMA', `'id' must be a string, not ${describe(node)}`, node.loc);
    return undefined;
  }
  sink.ruleId = node.value;
  if (!isUuid(node.value)) {
    // Rules: "randomly generated UUIDs (version 4) is used"; correlations and filters: a UUID is
    // "recommended but not mandatory".
    if (kind === 'rule') sink.error('HALONG_SIGMA_SCHEMA', `'id' must be a UUID, not '${node.value}'`, node.loc);
    else sink.warn('HALONG_SIGMA_SCHEMA', `'id' '${node.value}' is not a UUID (recommended for ${kind}s)`, node.loc);
  }
  return node.value;
}

function readTitle(doc: YMap, sink: ProblemSink): string {
  const node = child(doc, 'title');
  const title = stringAttr(doc, 'title', sink);
  if (title === undefined) {
    if (!node || (node.kind === 'scalar' && node.value === null)) sink.error('HALONG_SIGMA_SCHEMA', "missing required attribute 'title'", doc.loc);
    return '';
  }
  if (title.trim() === '') sink.error('HALONG_SIGMA_SCHEMA', "'title' is empty", node?.loc);
  if (title.length > 256) sink.error('HALONG_SIGMA_SCHEMA', `'title' is ${title.length} characters long (at most 256)`, node?.loc);
  return title;
}

/** Reads the attributes every Sigma document has; problems go to `sink`. */
export function readCommon(doc: YMap, kind: DocumentKind, sink: ProblemSink): CommonFields {
  const id = readId(doc, kind, sink);
  const common: CommonFields = {
    title: readTitle(doc, sink),
    references: stringList(child(doc, 'references'), 'references', sink),
    tags: splitTags(stringList(child(doc, 'tags'), 'tags', sink)),
    falsepositives: stringList(child(doc, 'falsepositives'), 'falsepositives', sink, true),
    source: sink.source(doc.loc),
    raw: toPlain(doc) as Record<string, unknown>,
  };
  const optional = {
    id,
    name: stringAttr(doc, 'name', sink),
    status: enumAttr(doc, 'status', STATUSES, sink),
    description: stringAttr(doc, 'description', sink),
    author: stringAttr(doc, 'author', sink),
    date: dateAttr(doc, 'date', sink),
    modified: dateAttr(doc, 'modified', sink),
    level: enumAttr(doc, 'level', LEVELS, sink),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(common, { [k]: v });
  if (common.name !== undefined && common.name.trim() === '') sink.error('HALONG_SIGMA_SCHEMA', "'name' is empty", child(doc, 'name')?.loc);
  if ((common.description?.length ?? 0) > 65_535) sink.error('HALONG_SIGMA_SCHEMA', "'description' is longer than 65,535 characters", child(doc, 'description')?.loc);
  for (const key of ['license', 'taxonomy']) stringAttr(doc, key, sink);
  stringList(child(doc, 'scope'), 'scope', sink);
  const tagsNode = child(doc, 'tags');
  if (tagsNode?.kind === 'seq') {
    for (const item of tagsNode.items) {
      if (item.kind === 'scalar' && !isWellFormedTag(item.text)) sink.warn('HALONG_SIGMA_SCHEMA', `tag '${item.text}' does not follow namespace.name in lower case`, item.loc);
    }
  }
  return common;
}
