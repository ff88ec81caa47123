// Typed reads of a located YAML tree that record a positioned problem instead of throwing, so
// one pass reports every mistake in a file.
import type { Located, PipelineProblem, Pos } from './yaml-tree';
import { kindName } from './yaml-tree';

type MapNode = Extract<Located, { kind: 'map' }>;

// An ECS path: dotted names (letters, digits, `_`, `@`, `-`), optionally with `{…}` templates.
const PATH = /^(?:[A-Za-z0-9_@-]|\{[a-z]+\})+(?:\.(?:[A-Za-z0-9_@-]|\{[a-z]+\})+)*$/;

/** Collects problems while reading one file. */
export class Checker {
  readonly problems: PipelineProblem[] = [];

  fail(pos: Pos, message: string): undefined {
    this.problems.push({ ...pos, message });
    return undefined;
  }

  /** A mapping node's entries; `allowed` lists the keys it may have. */
  map(node: Located, what: string, allowed?: readonly string[]): MapNode['entries'] | undefined {
    if (node.kind !== 'map') return this.fail(node.pos, `${what} must be a mapping, not ${kindName(node)}`);
    if (allowed) {
      for (const e of node.entries) {
        if (!allowed.includes(e.key)) this.fail(e.keyPos, `unknown key "${e.key}" in ${what} (allowed: ${allowed.join(', ')})`);
      }
    }
    return node.entries;
  }

  string(node: Located, what: string): string | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'string' && node.value !== '') return node.value;
    return this.fail(node.pos, `${what} must be a non-empty string, not ${kindName(node)}`);
  }

  /** A list of non-empty strings; a single string is accepted as a one-item list when `single`. */
  strings(node: Located, what: string, single = false): string[] | undefined {
    if (single && node.kind === 'scalar') {
      const one = this.string(node, what);
      return one === undefined ? undefined : [one];
    }
    if (node.kind !== 'seq') return this.fail(node.pos, `${what} must be a list${single ? ' or a string' : ''}, not ${kindName(node)}`);
    const out: string[] = [];
    for (const item of node.items) {
      const s = this.string(item, `each item of ${what}`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** A list of ECS paths (or one path when `single`). */
  paths(node: Located, what: string, single = false): string[] | undefined {
    const list = this.strings(node, what, single);
    if (!list) return undefined;
    for (const p of list) if (!PATH.test(p)) this.fail(node.pos, `${what}: "${p}" is not a dotted field path`);
    return list.filter((p) => PATH.test(p));
  }
}

/** The value of `key` in a mapping's entries, or undefined. */
export function entryOf(entries: MapNode['entries'] | undefined, key: string): Located | undefined {
  return entries?.find((e) => e.key === key)?.value;
}

/** True when a path string is a valid dotted field path (templates allowed). */
export function isPath(path: string): boolean {
  return PATH.test(path);
}
