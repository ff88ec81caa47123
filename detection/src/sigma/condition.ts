// The detection condition language (specification "Condition"): identifiers, `and`, `or`, `not`,
// parentheses and `1 of` / `all of` over identifier patterns or `them`. Precedence, loosest
// first: or, and, not, x of, ( ). Keywords are lower case, as in pySigma's grammar.
import type { ConditionNode } from './types';

/** A syntax or reference error in a condition; `column` is 1-based within the condition text. */
export class ConditionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'ConditionError';
  }
}

interface Token {
  text: string;
  offset: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:([()])|([^\s()]+))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const tok = m[1] ?? m[2];
    if (tok === undefined) break;
    tokens.push({ text: tok, offset: m.index + m[0].length - tok.length });
  }
  return tokens;
}

function caseHint(word: string): string {
  const lower = word.toLowerCase();
  return lower !== word && ['and', 'or', 'not', 'of', 'them'].includes(lower) ? `; operators are lower case ('${lower}')` : '';
}

const QUANTIFIERS: Record<string, number | 'all'> = { '1': 1, any: 1, all: 'all' };

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * Identifiers covered by `x of target`. `them` leaves out identifiers starting with `_` (spec);
 * patterns do too ("same as 1/all of them, restricted to matching identifiers"), unless the pattern
 * itself starts with `_`, which can only mean those identifiers.
 */
export function resolveTarget(target: string, names: readonly string[]): string[] {
  if (target === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = patternRegex(target);
  return names.filter((n) => re.test(n) && (target.startsWith('_') || !n.startsWith('_')));
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly names: readonly string[],
    private readonly end: number,
  ) {}

  parse(): ConditionNode {
    if (this.tokens.length === 0) throw new ConditionError('the condition is empty', 1);
    const node = this.parseOr();
    const extra = this.tokens[this.pos];
    if (extra) throw new ConditionError(`unexpected '${extra.text}' (expected 'and', 'or' or the end)${caseHint(extra.text)}`, extra.offset + 1);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private parseBinary(op: 'and' | 'or', next: () => ConditionNode): ConditionNode {
    const children = [next()];
    while (this.peek()?.text === op) {
      this.pos++;
      children.push(next());
    }
    if (children.length === 1) return children[0] as ConditionNode;
    // `a and (b and c)` and `a and b and c` are the same; keep the tree flat.
    return { kind: op, children: children.flatMap((c) => (c.kind === op ? c.children : [c])) };
  }

  private parseOr(): ConditionNode {
    return this.parseBinary('or', () => this.parseAnd());
  }

  private parseAnd(): ConditionNode {
    return this.parseBinary('and', () => this.parseNot());
  }

  private parseNot(): ConditionNode {
    if (this.peek()?.text === 'not') {
      this.pos++;
      return { kind: 'not', child: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionNode {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new ConditionError('the condition ends where a search identifier was expected', this.end + 1);
    const col = tok.offset + 1;
    if (tok.text === '(') {
      const inner = this.parseOr();
      const close = this.tokens[this.pos++];
      if (close?.text !== ')') {
        throw new ConditionError(`missing ')' for the '(' at column ${col}`, close ? close.offset + 1 : this.end + 1);
      }
      return inner;
    }
    if (tok.text === ')') throw new ConditionError("unexpected ')'", col);
    if (tok.text === 'and' || tok.text === 'or' || tok.text === 'of') {
      throw new ConditionError(`unexpected '${tok.text}' where a search identifier was expected`, col);
    }
    if (this.peek()?.text === 'of') return this.parseOf(tok);
    return this.reference(tok);
  }

  private parseOf(quantifier: Token): ConditionNode {
    const count = QUANTIFIERS[quantifier.text];
    if (count === undefined) {
      throw new ConditionError(`'${quantifier.text} of' is not allowed: use '1 of' or 'all of'`, quantifier.offset + 1);
    }
    this.pos++;
    const target = this.tokens[this.pos++];
    if (!target || target.text === '(' || target.text === ')') {
      throw new ConditionError(`'${quantifier.text} of' needs a pattern or 'them'`, target ? target.offset + 1 : this.end + 1);
    }
    const names = resolveTarget(target.text, this.names);
    if (names.length === 0) {
      throw new ConditionError(`'${target.text}' matches no search identifier`, target.offset + 1);
    }
    return { kind: 'of', count, names };
  }

  private reference(tok: Token): ConditionNode {
    const col = tok.offset + 1;
    const text = tok.text;
    if (this.names.includes(text)) return { kind: 'ref', name: text };
    if (text === 'near') throw new ConditionError("'near' was removed in Sigma 2.0; use a temporal correlation rule", col);
    if (text.includes('*')) throw new ConditionError(`wildcard '${text}' is only allowed after '1 of' or 'all of'`, col);
    throw new ConditionError(`unknown search identifier '${text}'${caseHint(text)}`, col);
  }
}

/**
 * Parses one condition string against the rule's search identifiers (in definition order).
 * Throws ConditionError with the column of the first problem.
 */
export function parseCondition(text: string, names: readonly string[]): ConditionNode {
  const pipe = text.indexOf('|');
  if (pipe >= 0) {
    throw new ConditionError("aggregations after '|' were removed in Sigma 2.0; express them as a correlation rule", pipe + 1);
  }
  return new Parser(tokenize(text), names, text.trimEnd().length).parse();
}

/** Identifiers a condition refers to, directly or through `x of`. */
export function referencedNames(node: ConditionNode, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'ref':
      into.add(node.name);
      break;
    case 'of':
      for (const n of node.names) into.add(n);
      break;
    case 'not':
      referencedNames(node.child, into);
      break;
    default:
      for (const c of node.children) referencedNames(c, into);
  }
  return into;
}
