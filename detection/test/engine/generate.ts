// Random rules and events over a shared small vocabulary, so that rules match often enough for
// a comparison of matchers to mean something. Every feature the index must be safe with shows
// up: arrays, dotted keys, Unicode case, numbers vs strings, regex, negation, `of`, keywords,
// several ECS paths for one field and several logsources.
import type { LogsourceMapping } from '../../src/mapping/types';
import type { ConditionNode, FieldTest, PatternPart, Search, ValueTest } from '../../src/sigma/types';
import { any, field, keywords, lit, mapping, maps, one, rule } from './ir';
import type { Random } from './random';

const TOKENS = ['cmd', 'CMD.exe', 'power', 'Shell', '-enc', ' ', '\\', 'a', 'ab', 'Σ', 'ς', 'ΑΣ', 'İ', 'i', 'x\r\ny', '😀', '4688', '10.1.2.3', 'ſ', 's'];

/** ECS paths an event may have, and Sigma fields mapped onto them. */
const FIELDS: Record<string, string[]> = {
  Image: ['process.executable'],
  CommandLine: ['process.command_line'],
  ParentImage: ['process.parent.executable'],
  EventID: ['event.code'],
  User: ['user.name'],
  SourceIp: ['source.ip'],
  Tags: ['tags'],
  Either: ['process.executable', 'file.path'],
};
const STRING_FIELDS = ['Image', 'CommandLine', 'ParentImage', 'User', 'Tags', 'Either'];

/** Logsources: indexed, scanned (no literal), and catch-all. */
const LOGSOURCES: { key: string; conditions: FieldTest[] }[] = [
  { key: 'win/process', conditions: [field('event.category', { kind: 'string', pattern: [lit('process')], cased: false }), field('host.os.type', { kind: 'string', pattern: [lit('windows')], cased: false })] },
  { key: 'lin/process', conditions: [field('event.category', { kind: 'string', pattern: [lit('process')], cased: false }), field('host.os.type', { kind: 'string', pattern: [lit('linux')], cased: false })] },
  { key: 'has-user', conditions: [field('user.name', { kind: 'exists', value: true })] },
  { key: 'all', conditions: [] },
];

export const mappings: LogsourceMapping[] = LOGSOURCES.map((l) => mapping({ key: l.key, conditions: l.conditions, fields: FIELDS, keywordFields: l.key === 'has-user' ? ['user.name', 'process.command_line'] : [] }));

function text(rnd: Random, max = 4): string {
  let s = '';
  for (let k = rnd.int(1, max); k > 0; k -= 1) s += rnd.pick(TOKENS);
  return rnd.bool(0.3) ? s.toUpperCase() : s;
}

function pattern(rnd: Random): PatternPart[] {
  const core: PatternPart[] = [lit(text(rnd, 2))];
  if (rnd.bool(0.2)) core.push(one, lit(rnd.pick(TOKENS)));
  const shape = rnd.int(0, 4);
  if (shape === 0) return core;
  if (shape === 1) return [...core, any];
  if (shape === 2) return [any, ...core];
  if (shape === 3) return [any, ...core, any];
  return [lit(rnd.pick(TOKENS)), any, ...core, any, lit(rnd.pick(TOKENS))];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function valueTest(rnd: Random, sigmaField: string): ValueTest {
  const roll = rnd.next();
  if (sigmaField === 'EventID') return roll < 0.7 ? { kind: 'number', op: rnd.pick(['eq', 'eq', 'gt', 'lt'] as const), value: rnd.pick([4688, 4689, 1]) } : { kind: 'string', pattern: [lit(rnd.pick(['4688', '4689']))], cased: false };
  if (sigmaField === 'SourceIp') return roll < 0.7 ? { kind: 'cidr', network: rnd.pick(['10.0.0.0/8', '10.1.2.0/24', 'fe80::/10']) } : { kind: 'null' };
  if (roll < 0.62) return { kind: 'string', pattern: pattern(rnd), cased: rnd.bool(0.15) };
  if (roll < 0.75) {
    const flags = { i: rnd.bool(), m: false, s: false };
    return { kind: 'regex', source: `${escapeRegex(text(rnd, 2))}${rnd.pick(['', '.*', '\\s?', '+'])}${escapeRegex(rnd.pick(TOKENS))}`, flags };
  }
  if (roll < 0.8) return { kind: 'null' };
  if (roll < 0.85) return { kind: 'exists', value: rnd.bool(0.7) };
  if (roll < 0.9) return { kind: 'fieldref', field: rnd.pick(STRING_FIELDS), position: rnd.pick(['eq', 'startswith', 'endswith', 'contains'] as const), cased: rnd.bool(0.2) };
  return { kind: 'string', pattern: [any, lit(rnd.pick(TOKENS)), any], cased: false };
}

function fieldTest(rnd: Random): FieldTest {
  const name = rnd.pick(Object.keys(FIELDS));
  const tests = Array.from({ length: rnd.int(1, 4) }, () => valueTest(rnd, name));
  return field(name, tests, { all: tests.length > 1 && rnd.bool(0.25), negate: rnd.bool(0.1) });
}

function search(rnd: Random): Search {
  if (rnd.bool(0.1)) return keywords(Array.from({ length: rnd.int(1, 3) }, () => ({ kind: 'string', pattern: pattern(rnd), cased: false }) as ValueTest), rnd.bool(0.3));
  return maps(...Array.from({ length: rnd.int(1, 2) }, () => Array.from({ length: rnd.int(1, 3) }, () => fieldTest(rnd))));
}

function condition(rnd: Random, names: string[], depth: number): ConditionNode {
  const roll = rnd.next();
  if (depth > 2 || roll < 0.4) return { kind: 'ref', name: rnd.pick(names) };
  if (roll < 0.6) return { kind: 'and', children: [condition(rnd, names, depth + 1), condition(rnd, names, depth + 1)] };
  if (roll < 0.75) return { kind: 'or', children: [condition(rnd, names, depth + 1), condition(rnd, names, depth + 1)] };
  if (roll < 0.87) return { kind: 'not', child: condition(rnd, names, depth + 1) };
  return { kind: 'of', count: rnd.pick([1, 2, 'all'] as const), names: names.slice(0, rnd.int(1, names.length)) };
}

/** A random rule and the mapping of the logsource it is written for. */
export function randomRule(rnd: Random, id: string) {
  const names = Array.from({ length: rnd.int(1, 3) }, (_, i) => `s${i}`);
  const searches: Record<string, Search> = {};
  for (const n of names) searches[n] = search(rnd);
  // Mostly a positive selection first, as real rules are written.
  const cond = rnd.bool(0.8) ? { kind: 'and' as const, children: [{ kind: 'ref' as const, name: 's0' }, condition(rnd, names, 1)] } : condition(rnd, names, 0);
  return { rule: rule(searches, cond, id), mapping: rnd.pick(mappings) };
}

/** How random events are shaped. */
export interface EventShape {
  /** Only nested objects and arrays, no dotted keys (what collectors emit): the fast reader's case. */
  nestedOnly?: boolean;
  /** Values up to this many tokens (default 4): long values take the copy-and-gate scan paths. */
  maxTokens?: number;
}

/** Puts `value` at `path`, nested, dotted or inside an array. */
function put(rnd: Random, event: Record<string, unknown>, path: string, value: unknown, shape: EventShape = {}): void {
  const style = shape.nestedOnly ? rnd.int(2, 5) : rnd.int(0, 5);
  if (style === 0) {
    event[path] = value;
    return;
  }
  const [head, ...rest] = path.split('.');
  let node = event;
  if (style === 1 && rest.length > 0) {
    node = (node[head!] ??= {}) as Record<string, unknown>;
    if (Array.isArray(node)) return;
    node[rest.join('.')] = value;
    return;
  }
  const segments = path.split('.');
  for (let i = 0; i < segments.length - 1; i += 1) {
    let next = node[segments[i]!];
    if (typeof next !== 'object' || next === null) next = node[segments[i]!] = style === 2 && i === 0 ? [{}] : {};
    node = (Array.isArray(next) ? next[0] : next) as Record<string, unknown>;
  }
  node[segments[segments.length - 1]!] = value;
}

function fieldValue(rnd: Random, path: string, maxTokens: number): unknown {
  if (path === 'event.code') return rnd.pick([4688, '4688', '4688.0', '04688', 4689, '4689', 1, '']);
  if (path === 'source.ip') return rnd.pick(['10.1.2.3', '::ffff:10.1.2.9', '192.168.0.1', 'fe80::1', 'nope', null]);
  const roll = rnd.next();
  if (roll < 0.08) return null;
  if (roll < 0.12) return '';
  if (roll < 0.2) return Array.from({ length: rnd.int(0, 3) }, () => text(rnd, maxTokens));
  if (roll < 0.24) return rnd.pick([4688, true, 0]);
  return text(rnd, maxTokens);
}

/** A random event, often of one of the logsources. */
export function randomEvent(rnd: Random, shape: EventShape = {}): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  const maxTokens = shape.maxTokens ?? 4;
  const source = rnd.int(0, 3);
  if (source < 2) put(rnd, event, 'event.category', rnd.bool(0.9) ? 'process' : 'Process', shape);
  if (source === 0) put(rnd, event, 'host.os.type', 'windows', shape);
  if (source === 1) put(rnd, event, 'host.os.type', rnd.pick(['linux', 'LINUX']), shape);
  const paths = [...new Set(Object.values(FIELDS).flat())];
  for (const path of paths) if (rnd.bool(0.6)) put(rnd, event, path, fieldValue(rnd, path, maxTokens), shape);
  if (rnd.bool(0.2)) event['message'] = text(rnd, Math.max(6, maxTokens));
  return event;
}
