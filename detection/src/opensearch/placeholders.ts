// `expand` placeholders (%name%) replaced by the pipeline's values. A value is a Sigma string,
// as if written in the rule: `*` and `?` are wildcards, `\*`, `\?` and `\\` escape them.
import type { LogsourceMapping } from '../mapping/types';
import type { PatternPart, ValueTest } from '../sigma/types';
import { Unsupported } from './errors';
import type { GlobPart } from './lucene-syntax';
import type { PlainTest } from './value-query';

/** Parses a Sigma string value into glob parts. */
export function parseSigmaString(value: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ kind: 'literal', text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      text += next;
      i++;
    } else if (c === '*' || c === '?') {
      flush();
      parts.push({ kind: c === '*' ? 'any' : 'one' });
    } else text += c;
  }
  flush();
  return parts;
}

/** Every expansion of a pattern: one per combination of placeholder values. */
function expandPattern(pattern: PatternPart[], mapping: LogsourceMapping): GlobPart[][] {
  let out: GlobPart[][] = [[]];
  for (const part of pattern) {
    if (part.kind !== 'placeholder') {
      out = out.map((p) => [...p, part]);
      continue;
    }
    const values = mapping.placeholder(part.name);
    if (values === undefined) throw new Unsupported(`placeholder %${part.name}% has no values in the pipeline`, 'HALONG_SIGMA_MAPPING');
    const choices = values.map(parseSigmaString);
    out = out.flatMap((p) => choices.map((c) => [...p, ...c]));
  }
  return out;
}

/** A test with its placeholders expanded: several tests, any of which passing makes it pass. */
export function expandTest(test: ValueTest, mapping: LogsourceMapping): PlainTest[] {
  if (test.kind !== 'string') return [test];
  return expandPattern(test.pattern, mapping).map((pattern) => ({ kind: 'string', pattern, cased: test.cased }));
}
