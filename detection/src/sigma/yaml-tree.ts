// A small position-carrying tree over the `yaml` package's AST. Every later stage (collection
// merging, validation, detection parsing) works on this tree so that any problem it finds can
// name the exact line, including for content merged in from an `action: global` document.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

/** 1-based line and column in the file. */
export interface Loc {
  line: number;
  column: number;
}

export type YScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  value: YScalarValue;
  /** The scalar as written (numbers keep their spelling, e.g. `1.0`). */
  text: string;
  loc: Loc;
  /** File column of the value's first character when the value maps 1:1 onto one source line. */
  valueColumn?: number;
}

export interface YEntry {
  key: string;
  keyLoc: Loc;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  entries: YEntry[];
  loc: Loc;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  loc: Loc;
}

export type YNode = YMap | YSeq | YScalar;

/** A YAML syntax problem, already positioned. */
export interface YamlIssue {
  message: string;
  loc: Loc;
  severity: 'error' | 'warning';
}

/** One YAML document of a file: its tree, or the reasons it could not be read. */
export interface YDocument {
  root?: YNode;
  loc: Loc;
  issues: YamlIssue[];
}

class TreeBuilder {
  constructor(
    private readonly text: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
  ) {}

  loc(offset: number): Loc {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  build(node: YamlNode | null | undefined, fallback: Loc, depth = 0): YNode {
    // Alias chains are resolved here; the depth guard stops self-referencing anchors.
    if (node && isAlias(node) && depth < 50) return this.build(node.resolve(this.doc), fallback, depth + 1);
    const loc = node?.range ? this.loc(node.range[0]) : fallback;
    if (node && isMap(node)) {
      const entries: YEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyLoc = keyNode?.range ? this.loc(keyNode.range[0]) : loc;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
        entries.push({ key, keyLoc, value: this.build(pair.value as YamlNode | null, keyLoc, depth) });
      }
      return { kind: 'map', entries, loc };
    }
    if (node && isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => this.build(item as YamlNode, loc, depth)), loc };
    }
    if (node && isScalar(node)) return this.scalar(node.value, node.type, node.range, loc);
    return { kind: 'scalar', value: null, text: '', loc };
  }

  private scalar(raw: unknown, type: string | undefined, range: [number, number, number] | null | undefined, loc: Loc): YScalar {
    const value: YScalarValue =
      raw === null || raw === undefined ? null : typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
    const source = range ? this.text.slice(range[0], range[1]) : '';
    const text = typeof value === 'string' ? value : value === null ? '' : source || String(value);
    const quote = type === 'QUOTE_SINGLE' || type === 'QUOTE_DOUBLE' ? 1 : 0;
    const exact =
      (type === 'PLAIN' || quote === 1) && !source.includes('\n') && source.length === text.length + 2 * quote;
    return exact ? { kind: 'scalar', value, text, loc, valueColumn: loc.column + quote } : { kind: 'scalar', value, text, loc };
  }
}

/** Splits a file into YAML documents with positions; syntax errors are reported per document. */
export function readYamlDocuments(text: string): YDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: YDocument[] = [];
  for (const doc of list) {
    const builder = new TreeBuilder(text, lines, doc);
    const start = builder.loc(doc.range[0]);
    const issues: YamlIssue[] = [];
    for (const err of doc.errors) issues.push({ message: firstLine(err.message), loc: builder.loc(err.pos[0]), severity: 'error' });
    for (const warn of doc.warnings) issues.push({ message: firstLine(warn.message), loc: builder.loc(warn.pos[0]), severity: 'warning' });
    const contents = doc.contents as YamlNode | null;
    // An empty document (e.g. a trailing `---`) carries nothing and is not a problem.
    if (!contents || (isScalar(contents) && contents.value === null)) {
      if (issues.length > 0) out.push({ loc: start, issues });
      continue;
    }
    const root = builder.build(contents, start);
    out.push({ root, loc: root.loc, issues });
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** The entry of `map` named `key`, if any. */
export function entry(map: YMap, key: string): YEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** The value of `map[key]`, if any. */
export function child(map: YMap, key: string): YNode | undefined {
  return entry(map, key)?.value;
}

/** Plain JavaScript value of a tree, for `raw` and for messages. */
export function toPlain(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key] = toPlain(e.value);
  return out;
}

/**
 * Deep merge used by rule collections: maps merge key by key, anything else from `src` replaces
 * what `dest` had (the behaviour of pySigma's and the legacy sigmac's `deep_dict_update`).
 * Neither input is modified.
 */
export function deepMerge(dest: YMap, src: YMap): YMap {
  const entries = dest.entries.map((e) => ({ ...e }));
  for (const s of src.entries) {
    const i = entries.findIndex((e) => e.key === s.key);
    const existing = i >= 0 ? entries[i] : undefined;
    if (existing && existing.value.kind === 'map' && s.value.kind === 'map') {
      entries[i] = { ...existing, value: deepMerge(existing.value, s.value) };
    } else if (existing) {
      entries[i] = s;
    } else {
      entries.push(s);
    }
  }
  return { kind: 'map', entries, loc: dest.loc };
}

/** Short human description of a node's type for messages. */
export function describe(node: YNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'null';
  return `${typeof node.value} '${node.text}'`;
}
