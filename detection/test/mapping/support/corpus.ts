// Reads the logsource blocks of the SigmaHQ corpus (and of the regression cases' rules)
// straight from YAML: the Sigma parser is built in parallel and is not used here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { SigmaLogsource } from '../../../src/sigma/types';

export const SHARED_DIR = process.env.HALONG_SHARED_DIR ?? resolve(__dirname, '../../../../../shared');
export const SIGMA_DIR = join(SHARED_DIR, 'sigma');
const RULE_ROOTS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

export interface CorpusLogsource {
  logsource: SigmaLogsource;
  /** Rule files (relative to the corpus) that use it. */
  files: string[];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** The logsource of every document of a rule file that has one. */
export function logsourcesOf(file: string): SigmaLogsource[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as { logsource?: Record<string, unknown> } | null)
    .filter((d): d is { logsource: Record<string, unknown> } => !!d && typeof d.logsource === 'object' && d.logsource !== null)
    .map(({ logsource }) => {
      const out: SigmaLogsource = {};
      for (const k of ['product', 'category', 'service', 'definition'] as const) {
        if (typeof logsource[k] === 'string') out[k] = logsource[k] as string;
      }
      return out;
    });
}

/** `product|category|service`, the way the tests name a logsource. */
export function logsourceName(ls: SigmaLogsource): string {
  return [ls.product ?? '', ls.category ?? '', ls.service ?? ''].join('|');
}

/** Every distinct logsource (product/category/service) used by the corpus, with its files. */
export function corpusLogsources(): CorpusLogsource[] {
  const byName = new Map<string, CorpusLogsource>();
  for (const root of RULE_ROOTS) {
    for (const file of yamlFiles(join(SIGMA_DIR, root))) {
      for (const ls of logsourcesOf(file)) {
        // `definition` is documentation; routing only looks at the other three keys.
        const routing: SigmaLogsource = { product: ls.product, category: ls.category, service: ls.service };
        for (const k of ['product', 'category', 'service'] as const) if (routing[k] === undefined) delete routing[k];
        const name = logsourceName(routing);
        const entry: CorpusLogsource = byName.get(name) ?? { logsource: routing, files: [] };
        entry.files.push(relative(SIGMA_DIR, file));
        byName.set(name, entry);
      }
    }
  }
  return [...byName.values()];
}
