// What the query builder needs to know about the indices it targets: the OpenSearch type of each
// ECS path (it may differ from one daily index to the next, since most fields are mapped
// dynamically by the first value seen), and for text fields where the whole value is kept.
import type { Client } from '@opensearch-project/opensearch';
import { indexTemplates } from '@halong/core/node';

/** How one ECS path is mapped in some of the searched indices. */
export interface FieldVariant {
  /** OpenSearch field type: keyword, long, ip, match_only_text … */
  type: string;
  /** The indices with this mapping; absent when every index mapping the path agrees. */
  indices?: string[];
  /** For text fields: the keyword (or wildcard) sub-field holding the whole value. */
  exact?: { path: string; type: string };
  searchable: boolean;
  /** Doc values are on, so scripts can read the field. */
  docValues: boolean;
}

/** Field types for the query builder. */
export interface FieldCatalog {
  /** The mappings of a path; a path mapped nowhere is reported as a dynamic keyword. */
  variants(path: string): FieldVariant[];
  /** Every string field (for keyword searches without keyword fields); undefined when not known. */
  stringFields(): string[] | undefined;
}

const TEXT = new Set(['text', 'match_only_text']);
const STRINGISH = new Set(['keyword', 'wildcard', 'constant_keyword', 'ip']);
const DYNAMIC_KEYWORD: FieldVariant = { type: 'keyword', searchable: true, docValues: true };

interface Mapping {
  type?: string;
  properties?: Record<string, Mapping>;
  fields?: Record<string, Mapping>;
  index?: boolean;
  doc_values?: boolean;
}

function flatten(props: Record<string, Mapping>, prefix: string, out: Map<string, FieldVariant>): void {
  for (const [name, m] of Object.entries(props)) {
    const path = prefix + name;
    if (m.properties) flatten(m.properties, `${path}.`, out);
    if (!m.type) continue;
    const sub = Object.entries(m.fields ?? {}).find(([, f]) => f.type === 'keyword' || f.type === 'wildcard');
    out.set(path, {
      type: m.type,
      searchable: m.index !== false,
      docValues: m.doc_values ?? (m.type !== 'wildcard' && !TEXT.has(m.type)),
      ...(TEXT.has(m.type) && sub ? { exact: { path: `${path}.${sub[0]}`, type: sub[1].type! } } : {}),
    });
  }
}

/**
 * The catalog implied by Halong's events template alone: its explicit fields, and a dynamic
 * keyword for anything else. Exact for string data; a hunt uses `loadFieldCatalog` instead,
 * which also sees fields mapped dynamically as numbers.
 */
export function templateCatalog(): FieldCatalog {
  const tpl = indexTemplates('halong', 0)['halong-events'] as { template: { mappings: { properties: Record<string, Mapping> } } };
  const known = new Map<string, FieldVariant>();
  flatten(tpl.template.mappings.properties, '', known);
  return { variants: (path) => [known.get(path) ?? DYNAMIC_KEYWORD], stringFields: () => undefined };
}

interface Capability {
  type: string;
  searchable: boolean;
  aggregatable: boolean;
  indices?: string[];
}

/** A catalog from a field_caps answer (exported for tests). */
export function catalogFromFieldCaps(fields: Record<string, Record<string, Capability>>, complete: boolean): FieldCatalog {
  const variantsOf = (path: string): FieldVariant[] => {
    const caps = Object.values(fields[path] ?? {}).filter((c) => c.type !== 'unmapped' && c.type !== 'object' && c.type !== 'nested');
    return caps.map((c) => {
      const v: FieldVariant = { type: c.type, searchable: c.searchable, docValues: c.aggregatable, ...(caps.length > 1 && c.indices ? { indices: c.indices } : {}) };
      if (!TEXT.has(c.type)) return v;
      const sub = Object.entries(fields)
        .filter(([p]) => p.startsWith(`${path}.`) && !p.slice(path.length + 1).includes('.'))
        .flatMap(([p, byType]) => Object.values(byType).map((s) => ({ path: p, type: s.type })))
        .find((s) => s.type === 'keyword' || s.type === 'wildcard');
      return sub ? { ...v, exact: sub } : v;
    });
  };
  const isMultiField = (path: string) => {
    const dot = path.lastIndexOf('.');
    return dot > 0 && variantsOf(path.slice(0, dot)).length > 0;
  };
  return {
    variants: (path) => {
      const v = variantsOf(path);
      return v.length ? v : [DYNAMIC_KEYWORD];
    },
    stringFields: () =>
      complete
        ? Object.keys(fields)
            .filter((p) => !p.startsWith('_') && !isMultiField(p))
            .filter((p) => variantsOf(p).some((v) => v.searchable && (STRINGISH.has(v.type) || (TEXT.has(v.type) && v.exact))))
            .sort()
        : undefined,
  };
}

/**
 * Reads the mappings of `paths` (or of every field when `paths` is undefined) in the indices
 * matching `index`, and the concrete indices searched, so a hunt pins exactly those.
 */
export async function loadFieldCatalog(client: Client, index: string, paths?: string[]): Promise<{ catalog: FieldCatalog; indices: string[] }> {
  const fields = paths ? [...new Set(paths.flatMap((p) => [p, `${p}.*`]))] : ['*'];
  const { body } = await client.fieldCaps({ index, fields, ignore_unavailable: true, allow_no_indices: true });
  const caps = body.fields as unknown as Record<string, Record<string, Capability>>;
  const indices = Array.isArray(body.indices) ? body.indices : body.indices ? [body.indices] : [];
  return { catalog: catalogFromFieldCaps(caps, paths === undefined), indices };
}
