// Folding a filter into a rule. The filters specification says filters exist "to suppress matches
// of multiple rules", and its example names the accounts to exclude with `condition: selection`,
// so a filter applies as `(rule condition) and not (filter condition)`. (pySigma instead ANDs the
// filter condition without negation and documents filters written as `not selection`.)
import type { ConditionNode, SigmaFilter, SigmaLogsource, SigmaRule } from './types';

/** pySigma's `rule.logsource in filter.logsource`: every field the filter sets must be equal in the rule. */
export function logsourceCovers(filter: SigmaLogsource, rule: SigmaLogsource): boolean {
  return (['category', 'product', 'service'] as const).every((k) => filter[k] === undefined || filter[k] === rule[k]);
}

function rename(node: ConditionNode, names: Map<string, string>): ConditionNode {
  const n = (name: string): string => names.get(name) ?? name;
  switch (node.kind) {
    case 'ref':
      return { kind: 'ref', name: n(node.name) };
    case 'of':
      return { kind: 'of', count: node.count, names: node.names.map(n) };
    case 'not':
      return { kind: 'not', child: rename(node.child, names) };
    default:
      return { kind: node.kind, children: node.children.map((c) => rename(c, names)) };
  }
}

/**
 * Returns a copy of `rule` whose condition also excludes what `filter` matches. The filter's
 * search identifiers are added as `filter:<label>:<name>`; a colon cannot appear in a condition
 * identifier that refers to them by accident, and a numeric suffix settles any remaining clash.
 */
export function applyFilter(rule: SigmaRule, filter: SigmaFilter, label: string): SigmaRule {
  const searches = { ...rule.detection.searches };
  const names = new Map<string, string>();
  for (const [name, search] of Object.entries(filter.filter.searches)) {
    let unique = `filter:${label}:${name}`;
    for (let i = 2; unique in searches; i++) unique = `filter:${label}:${name}:${i}`;
    names.set(name, unique);
    searches[unique] = search;
  }
  const exclude: ConditionNode = { kind: 'not', child: rename(filter.filter.condition, names) };
  const current = rule.detection.condition;
  const condition: ConditionNode = current.kind === 'and' ? { kind: 'and', children: [...current.children, exclude] } : { kind: 'and', children: [current, exclude] };
  return { ...rule, detection: { ...rule.detection, searches, condition } };
}
