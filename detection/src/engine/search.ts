// A search identifier → a compiled part: a maps search is an OR over its alternatives, each an
// AND of FieldTests; a keywords search is compiled by keyword-search.ts.
import type { Search } from '../sigma/types';
import { andParts, compileFieldTest, orParts, type CompiledPart, type RuleContext } from './field-test';
import { compileKeywords } from './keyword-search';

/** Compiles a search (maps or keywords). */
export function compileSearch(search: Search, ctx: RuleContext): CompiledPart {
  if (search.kind === 'keywords') return compileKeywords(search.tests, search.all, ctx);
  return orParts(search.alternatives.map((fields) => andParts(fields.map((ft) => compileFieldTest(ft, ctx)))));
}
