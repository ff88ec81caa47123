import { AuditError } from './errors';

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units, as RFC 8785 does), no
 * whitespace, `undefined` properties omitted, `toJSON` honoured like `JSON.stringify`.
 * Throws `HALONG_AUDIT_NOT_CANONICAL` for values JSON cannot carry faithfully: non-finite
 * numbers, bigints, functions, symbols, cycles, and objects other than plain objects and arrays.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, '', '$', new Set());
  if (text === undefined) throw notCanonical('$', 'undefined has no JSON form');
  return text;
}

function write(input: unknown, key: string, path: string, ancestors: Set<object>): string | undefined {
  // Dates (and anything else with toJSON) must hash as the string a reader will parse back.
  const value = hasToJson(input) ? input.toJSON(key) : input;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notCanonical(path, `${value} is not a finite number`);
      return JSON.stringify(value);
    case 'undefined':
      return undefined;
    case 'object':
      if (value === null) return 'null';
      if (ancestors.has(value)) throw notCanonical(path, 'the value refers to itself');
      ancestors.add(value);
      try {
        return Array.isArray(value) ? writeArray(value, path, ancestors) : writeObject(value, path, ancestors);
      } finally {
        ancestors.delete(value);
      }
    default:
      throw notCanonical(path, `a ${typeof value} has no JSON form`);
  }
}

function writeArray(items: readonly unknown[], path: string, ancestors: Set<object>): string {
  // Inside arrays JSON.stringify writes undefined as null; so must we, or a read-back would differ.
  return `[${items.map((item, i) => write(item, String(i), `${path}[${i}]`, ancestors) ?? 'null').join(',')}]`;
}

function writeObject(object: object, path: string, ancestors: Set<object>): string {
  // A Map, Set or class instance would silently become {} (or lose its prototype's meaning):
  // an audit entry must read back exactly as it was hashed, so such values are refused.
  if (!isPlainObject(object)) {
    const name = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw notCanonical(path, `a ${name} is not plain data; convert it to an object or array first`);
  }
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const text = write((object as Record<string, unknown>)[key], key, `${path}.${key}`, ancestors);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

/** An object whose prototype is null or an `Object.prototype`, of this realm or another (vm, worker). */
function isPlainObject(object: object): boolean {
  const proto = Object.getPrototypeOf(object) as object | null;
  return proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(object) === '[object Object]');
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function notCanonical(path: string, why: string): AuditError {
  return new AuditError('HALONG_AUDIT_NOT_CANONICAL', `${path}: ${why}`);
}
