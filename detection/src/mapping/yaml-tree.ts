// Pipeline files are validated on a plain tree that remembers where each node was written,
// so every problem can name file:line:column. Anchors and aliases resolve to their target.
import type { Node as YamlNode } from 'yaml';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** A position in a pipeline file (1-based). */
export interface Pos {
  file: string;
  line: number;
  column: number;
}

/** A YAML node with its position. */
export type Located =
  | { kind: 'map'; pos: Pos; entries: { key: string; keyPos: Pos; value: Located }[] }
  | { kind: 'seq'; pos: Pos; items: Located[] }
  | { kind: 'scalar'; pos: Pos; value: string | number | boolean | null };

/** A problem found while reading a pipeline file. */
export interface PipelineProblem extends Pos {
  message: string;
}

/** Parses one YAML document; YAML errors are returned as problems (with no tree when fatal). */
export function parseLocated(file: string, text: string): { tree?: Located; problems: PipelineProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: PipelineProblem[] = doc.errors.map((e) => {
    const at = lineCounter.linePos(e.pos[0]);
    return { file, line: at.line, column: at.col, message: `YAML: ${e.message.split('\n')[0]}` };
  });
  if (problems.length > 0) return { problems };
  const at = (offset: number | undefined): Pos => {
    const p = lineCounter.linePos(offset ?? 0);
    return { file, line: p.line, column: p.col };
  };
  const convert = (node: unknown): Located => {
    const target = isAlias(node) ? node.resolve(doc) : node;
    const pos = at((target as YamlNode | null | undefined)?.range?.[0]);
    if (isMap(target)) {
      const entries = target.items.map((pair) => {
        const keyNode = pair.key;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const keyPos = at((keyNode as YamlNode | null)?.range?.[0]);
        const value: Located = pair.value == null ? { kind: 'scalar', pos: keyPos, value: null } : convert(pair.value);
        return { key, keyPos, value };
      });
      return { kind: 'map', pos, entries };
    }
    if (isSeq(target)) return { kind: 'seq', pos, items: target.items.map(convert) };
    if (isScalar(target)) {
      const v = target.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      return { kind: 'scalar', pos, value };
    }
    // An empty value (`key:` with nothing after it) parses to no node at all.
    return { kind: 'scalar', pos, value: null };
  };
  return { tree: convert(doc.contents), problems };
}

/** Human name of a node's kind, for messages. */
export function kindName(node: Located): string {
  if (node.kind !== 'scalar') return node.kind === 'map' ? 'a mapping' : 'a list';
  return node.value === null ? 'null' : `a ${typeof node.value}`;
}
