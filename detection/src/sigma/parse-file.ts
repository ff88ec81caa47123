// One Sigma file: YAML documents, rule-collection actions (global / reset / repeat, specification
// 1.x "Rule Collections", still read by pySigma) and the rule, correlation or filter each
// remaining document holds.
import type { SigmaDocument, SigmaProblem } from './types';
import { buildCorrelation } from './correlation';
import { buildFilter } from './filter';
import { ProblemSink } from './problems';
import { buildRule } from './rule';
import { child, deepMerge, describe, readYamlDocuments } from './yaml-tree';
import type { Loc, YMap } from './yaml-tree';

/** Documents and problems found in one file. */
export interface ParsedFile {
  documents: SigmaDocument[];
  problems: SigmaProblem[];
}

const KINDS = ['correlation', 'filter', 'detection'] as const;

function buildDocument(doc: YMap, sink: ProblemSink): SigmaDocument | undefined {
  const present = KINDS.filter((k) => child(doc, k) !== undefined);
  if (present.length > 1) {
    sink.error('HALONG_SIGMA_SCHEMA', `a document is one rule, correlation or filter, but this one has ${present.map((k) => `'${k}'`).join(' and ')}`, doc.loc);
    return undefined;
  }
  if (present[0] === 'correlation') return buildCorrelation(doc, sink);
  if (present[0] === 'filter') return buildFilter(doc, sink);
  return buildRule(doc, sink);
}

function withoutAction(doc: YMap): YMap {
  return { ...doc, entries: doc.entries.filter((e) => e.key !== 'action') };
}

/**
 * Parses the text of one Sigma file. Each YAML document is validated on its own: problems carry
 * the file, the line and (once known) the rule id, and a broken document never hides the others.
 */
export function parseSigmaFile(text: string, file: string): ParsedFile {
  const documents: SigmaDocument[] = [];
  const problems: SigmaProblem[] = [];
  let global: YMap | undefined;
  let brokenGlobal: Loc | undefined;
  let previous: YMap | undefined;

  const emit = (doc: YMap, sink: ProblemSink): void => {
    if (brokenGlobal) sink.error('HALONG_SIGMA_YAML', `this document depends on the broken 'action: global' document at line ${brokenGlobal.line}`, doc.loc);
    let built: SigmaDocument | undefined;
    try {
      built = sink.hasErrors ? undefined : buildDocument(doc, sink);
    } catch (err) {
      // A defect in a builder must cost this document only, never the rest of the file.
      sink.error('HALONG_SIGMA_UNSUPPORTED', `internal error while reading this document: ${(err as Error).message}`, doc.loc);
    }
    if (built && !sink.hasErrors) documents.push(built);
    previous = doc;
  };

  for (const ydoc of readYamlDocuments(text)) {
    const sink = new ProblemSink(file);
    const root = ydoc.root;
    const idNode = root?.kind === 'map' ? child(root, 'id') : undefined;
    if (idNode?.kind === 'scalar' && typeof idNode.value === 'string') sink.ruleId = idNode.value;
    for (const issue of ydoc.issues) {
      if (issue.severity === 'error') sink.error('HALONG_SIGMA_YAML', `YAML: ${issue.message}`, issue.loc);
      else sink.warn('HALONG_SIGMA_YAML', `YAML: ${issue.message}`, issue.loc);
    }
    const actionNode = root?.kind === 'map' ? child(root, 'action') : undefined;
    const action = actionNode?.kind === 'scalar' ? actionNode.value : undefined;
    if (!root || sink.hasErrors) {
      if (action === 'global') brokenGlobal = ydoc.loc;
      problems.push(...sink.finish());
      continue;
    }
    if (root.kind !== 'map') {
      sink.error('HALONG_SIGMA_SCHEMA', `a Sigma document must be a map of attributes, not ${describe(root)}`, root.loc);
    } else if (actionNode === undefined) {
      emit(global ? deepMerge(root, global) : root, sink);
    } else if (action === 'global') {
      // "Multiple global action documents are accumulated."
      global = global ? deepMerge(global, withoutAction(root)) : withoutAction(root);
    } else if (action === 'reset') {
      global = undefined;
      brokenGlobal = undefined;
    } else if (action === 'repeat') {
      if (previous) emit({ ...deepMerge(previous, withoutAction(root)), loc: root.loc }, sink);
      else sink.error('HALONG_SIGMA_SCHEMA', "'action: repeat' needs a rule document before it", root.loc);
    } else {
      sink.error('HALONG_SIGMA_SCHEMA', `unknown collection action ${describe(actionNode)} (expected global, reset or repeat)`, actionNode.loc);
    }
    problems.push(...sink.finish());
  }
  return { documents, problems };
}
