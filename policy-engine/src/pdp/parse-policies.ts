// Policy files (YAML or JSON, one or many documents, one or many policies each) → policies + problems.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { PolicyProblem } from './errors';
import type { ParsedPolicies, PolicyDefinition, PolicySource, PolicySourceRef } from './policy-types';
import { readPolicy } from './read-policy';
import type { ReadContext } from './yaml-reader';
import { mapEntries, problem, typeName } from './yaml-reader';

type Seen = Map<string, PolicySourceRef>;

function syntaxProblems(ctx: ReadContext, doc: Document.Parsed): boolean {
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? ctx.lines.linePos(e.pos[0]);
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    ctx.problems.push({ code: 'HALONG_POLICY_YAML_SYNTAX', message, file: ctx.file, line: pos.line, col: pos.col });
  }
  return doc.errors.length > 0;
}

function policyNodes(ctx: ReadContext, contents: unknown): { node: unknown; path: string }[] {
  if (contents === null || contents === undefined) return [];
  if (isScalar(contents) && contents.value === null) return [];
  if (isSeq(contents)) return contents.items.map((node, i) => ({ node, path: `[${i}]` }));
  if (isMap(contents) && !contents.has('id') && contents.has('policies')) {
    const list = mapEntries(ctx, contents, ['policies'], '').get('policies')?.value;
    if (isSeq(list)) return list.items.map((node, i) => ({ node, path: `policies[${i}]` }));
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `policies must be a list, got ${typeName(list)}`, list, 'policies');
    return [];
  }
  if (isMap(contents)) return [{ node: contents, path: 'policy' }];
  const msg = `a policy document holds a policy, a list of policies or {policies: [...]}, got ${typeName(contents)}`;
  problem(ctx, 'HALONG_POLICY_WRONG_TYPE', msg, contents);
  return [];
}

function checkDuplicate(ctx: ReadContext, node: unknown, seen: Seen): boolean {
  const idNode = isMap(node) ? node.get('id', true) : undefined;
  const id = isScalar(idNode) ? idNode.value : undefined;
  if (typeof id !== 'string') return true;
  const line = ctx.lines.linePos(idNode!.range?.[0] ?? 0).line;
  const first = seen.get(id);
  if (first) {
    ctx.policyId = id;
    const msg = `duplicate policy id "${id}" (first defined at ${first.file}:${first.line})`;
    problem(ctx, 'HALONG_POLICY_DUPLICATE_ID', msg, idNode, 'id');
    return false;
  }
  seen.set(id, { file: ctx.file, line });
  return true;
}

function parseInto(text: string, file: string, seen: Seen, out: ParsedPolicies): void {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  const problems: PolicyProblem[] = [];
  const ctx: ReadContext = { file, text, lines, problems };
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (syntaxProblems(ctx, doc as Document.Parsed)) continue;
    for (const { node, path } of policyNodes(ctx, doc.contents)) {
      ctx.policyId = undefined;
      const unique = checkDuplicate(ctx, node, seen);
      const policy = readPolicy(ctx, node, path);
      if (policy && unique) out.policies.push(policy);
      delete ctx.policyId;
    }
  }
  out.errors.push(...problems.sort((a, b) => a.line - b.line || a.col - b.col));
}

/**
 * Parses one policy file. Valid policies load even when others in the file are broken;
 * `errors` lists every problem with file, line and column.
 */
export function parsePolicies(text: string, fileName: string): ParsedPolicies {
  const out: ParsedPolicies = { policies: [], errors: [] };
  parseInto(text, fileName, new Map(), out);
  return out;
}

/** Parses the files of one policy set version; policy ids must be unique across all files. */
export function parsePolicySet(sources: readonly PolicySource[]): ParsedPolicies {
  const out: ParsedPolicies = { policies: [], errors: [] };
  const seen: Seen = new Map();
  for (const s of sources) parseInto(s.text, s.file, seen, out);
  return out;
}

/** Sorts definitions by id (stable output for stores and diffs). */
export function sortById(policies: readonly PolicyDefinition[]): PolicyDefinition[] {
  return [...policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
