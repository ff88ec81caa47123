// The rules the hostile-input test answers with and the bench times: one of each kind of test
// (contains, glob, regex, keyword, a long contains list).
import type { CompiledRule } from '../../src/engine';
import { any, compile, contains, field, keywords, lit, maps, one, re, ref, rule, str } from './ir';

export function hostileRules(): CompiledRule[] {
  return [
    compile(rule({ sel: maps([field('cmd', contains('needle'))]) }, undefined, 'contains')),
    compile(rule({ sel: maps([field('cmd', { kind: 'string', pattern: [any, lit('a'), any, lit('a'), any, lit('a'), one, lit('b'), any], cased: false })]) }, undefined, 'glob')),
    compile(rule({ sel: maps([field('cmd', re('(a+)+b'))]) }, undefined, 'regex')),
    compile(rule({ kw: keywords([str('needle')]) }, ref('kw'), 'keyword')),
    compile(rule({ sel: maps([field('cmd', Array.from({ length: 500 }, (_, i) => contains(`lit${i}x`)))]) }, undefined, 'many')),
  ];
}
