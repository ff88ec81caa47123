// A Zeek record as columns: dotted names (`id.orig_h`, `certificate.serial`) to typed values,
// the same whether it came from JSON or from TSV, with typed reads for the mapping.

/** Typed reads of one Zeek record's columns. */
export class ZeekRow {
  constructor(readonly columns: ReadonlyMap<string, unknown>) {}

  /** A non-empty string (numbers and booleans as text), or undefined. */
  text(name: string): string | undefined {
    const v = this.columns.get(name);
    if (typeof v === 'string') return v === '' ? undefined : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  }

  /** A finite number (numeric strings read), or undefined. */
  number(name: string): number | undefined {
    const v = this.columns.get(name);
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }

  /** A boolean (`T`/`F` and `true`/`false` read), or undefined. */
  bool(name: string): boolean | undefined {
    const v = this.columns.get(name);
    if (typeof v === 'boolean') return v;
    if (v === 'T' || v === 'true') return true;
    if (v === 'F' || v === 'false') return false;
    return undefined;
  }

  /** A set or vector as strings (a lone value as one element), or undefined. */
  list(name: string): string[] | undefined {
    const v = this.columns.get(name);
    if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
    const one = this.text(name);
    return one === undefined ? undefined : [one];
  }
}

/** Sets `value` at a dotted path of `doc`, creating objects on the way; undefined is skipped. */
export function setField(doc: Record<string, unknown>, path: string, value: unknown): void {
  if (value === undefined) return;
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

/**
 * Columns as nested objects (`id.orig_h` → `{id: {orig_h}}`), as detection reads `zeek.<log>.*`.
 * Keys are own properties whatever their name (`__proto__` included); a column whose prefix is
 * itself a value (`id` and `id.x`) keeps its dotted name.
 */
export function nestColumns(columns: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of columns) {
    const parts = name.split('.');
    let node = out;
    let i = 0;
    for (; i < parts.length - 1; i += 1) {
      const part = parts[i]!;
      const next = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (next === undefined) defineOwn(node, part, {});
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) break;
      node = node[part] as Record<string, unknown>;
    }
    defineOwn(node, parts.slice(i).join('.'), value);
  }
  return out;
}

function defineOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}
