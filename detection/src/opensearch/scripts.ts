// Painless script queries for the tests Lucene cannot answer from the index: wildcards over the
// string form of numbers and IPs, numeric comparisons of numeric strings, field references and
// time parts. The sources are constants (everything variable is a parameter), so OpenSearch
// compiles each once. They read doc values: paths must be keyword/numeric/ip/date/boolean.
import type { Dsl } from './dsl';
import type { GlobPart } from './lucene-syntax';
import { foldString } from './case-fold';

// str(): a value as the streaming matcher sees it as a string (JavaScript's String(v)), or null.
// fold(): the 'lower' fold of case-fold.ts per UTF-16 unit (painless has no int overloads: BMP only).
const PRELUDE = `
String num(double d) {
  if (Double.isNaN(d) || Double.isInfinite(d)) { return null; }
  if (d == 0) { return '0'; }
  double a = Math.abs(d);
  if (a >= 1e-6 && a < 1e21) { return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(); }
  String s = Double.toString(d).replace('.0E', 'E');
  return s.contains('E-') ? s.replace('E', 'e') : s.replace('E', 'e+');
}
String str(def v) {
  if (v instanceof String) { return v; }
  if (v instanceof Boolean) { return v ? 'true' : 'false'; }
  if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) { return String.valueOf(v); }
  if (v instanceof Double || v instanceof Float) { double d = v; return num(d); }
  return null;
}
String fold(String s) {
  StringBuilder b = new StringBuilder();
  for (int i = 0; i < s.length(); i++) {
    char c = s.charAt(i);
    if (c == (char) 304) { b.append(c); } else if (c == (char) 962) { b.append((char) 963); } else { b.append(Character.toLowerCase(c)); }
  }
  return b.toString();
}
`;

const GLOB = `${PRELUDE}
boolean glob(String s, List tokens) {
  int n = s.length();
  boolean[] cur = new boolean[n + 1];
  cur[0] = true;
  for (def t : tokens) {
    String k = t;
    boolean[] nx = new boolean[n + 1];
    if (k == '*') {
      boolean on = false;
      for (int j = 0; j <= n; j++) { if (cur[j]) { on = true; } nx[j] = on; }
    } else if (k == '?') {
      for (int j = 0; j < n; j++) {
        if (cur[j]) { nx[j + (Character.isHighSurrogate(s.charAt(j)) && j + 1 < n ? 2 : 1)] = true; }
      }
    } else {
      String lit = k.substring(1);
      int m = lit.length();
      for (int j = 0; j + m <= n; j++) { if (cur[j] && s.regionMatches(j, lit, 0, m)) { nx[j + m] = true; } }
    }
    cur = nx;
  }
  return cur[n];
}
for (def p : params.paths) {
  if (!doc.containsKey(p)) { continue; }
  for (def v : doc[p]) {
    String s = str(v);
    if (s != null && glob(params.cased ? s : fold(s), params.tokens)) { return true; }
  }
}
return false;
`;

// The streaming matcher's numeric strings: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/, at most 64
// characters, valued as JavaScript's Number() (Double.parseDouble rounds the same way).
const NUMERIC_STRING_CMP = `
boolean digits(String s, int from, int to) {
  if (from >= to) { return false; }
  for (int i = from; i < to; i++) { char c = s.charAt(i); if (c < (char) 48 || c > (char) 57) { return false; } }
  return true;
}
boolean numeric(String s) {
  int n = s.length();
  if (n == 0 || n > 64) { return false; }
  int i = s.charAt(0) == (char) 43 || s.charAt(0) == (char) 45 ? 1 : 0;
  int e = s.indexOf('e');
  if (e < 0) { e = s.indexOf('E'); }
  int end = e < 0 ? n : e;
  if (e >= 0) {
    int x = e + 1;
    if (x < n && (s.charAt(x) == (char) 43 || s.charAt(x) == (char) 45)) { x++; }
    if (!digits(s, x, n)) { return false; }
  }
  int dot = s.indexOf('.');
  if (dot < 0 || dot >= end) { return digits(s, i, end); }
  boolean before = digits(s, i, dot);
  boolean after = digits(s, dot + 1, end);
  return (before && (after || dot + 1 == end)) || (dot == i && after);
}
for (def p : params.paths) {
  if (!doc.containsKey(p)) { continue; }
  for (def v : doc[p]) {
    if (!(v instanceof String)) { continue; }
    String s = v;
    if (!numeric(s)) { continue; }
    double d = Double.parseDouble(s);
    String op = params.op;
    if ((op == 'eq' && d == params.value) || (op == 'lt' && d < params.value) || (op == 'lte' && d <= params.value) || (op == 'gt' && d > params.value) || (op == 'gte' && d >= params.value)) { return true; }
  }
}
return false;
`;

// Sorted-set doc values keep each distinct value once: a doc holding "" has no other value iff there is one.
const ONLY_EMPTY = `
for (def p : params.paths) {
  if (doc.containsKey(p) && doc[p].size() > 1) { return false; }
}
return true;
`;

const FIELDREF = `${PRELUDE}
for (def pa : params.a) {
  if (!doc.containsKey(pa)) { continue; }
  for (def va : doc[pa]) {
    String sa = str(va);
    if (sa == null) { continue; }
    if (!params.cased) { sa = fold(sa); }
    for (def pb : params.b) {
      if (!doc.containsKey(pb)) { continue; }
      for (def vb : doc[pb]) {
        String sb = str(vb);
        if (sb == null) { continue; }
        if (!params.cased) { sb = fold(sb); }
        String pos = params.position;
        if ((pos == 'eq' && sa.equals(sb)) || (pos == 'startswith' && sa.startsWith(sb)) || (pos == 'endswith' && sa.endsWith(sb)) || (pos == 'contains' && sa.contains(sb))) { return true; }
      }
    }
  }
}
return false;
`;

const TIME_PART = `
def utc(def v) {
  if (v instanceof String) {
    String s = v;
    if (s.length() > 64) { return null; }
    try { return ZonedDateTime.parse(s).withZoneSameInstant(ZoneOffset.UTC); } catch (Exception e) {}
    try { return LocalDateTime.parse(s).atZone(ZoneOffset.UTC); } catch (Exception e) {}
    try { return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC); } catch (Exception e) {}
    return null;
  }
  if (v instanceof Long || v instanceof Integer) { long ms = v; return ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC); }
  if (v instanceof Double) { double d = v; return ZonedDateTime.ofInstant(Instant.ofEpochMilli((long) d), ZoneOffset.UTC); }
  if (v instanceof Number || v instanceof Boolean) { return null; }
  return v;
}
for (def p : params.paths) {
  if (!doc.containsKey(p)) { continue; }
  for (def v : doc[p]) {
    def z = utc(v);
    if (z == null) { continue; }
    String u = params.unit;
    int got = u == 'minute' ? z.getMinute() : u == 'hour' ? z.getHour() : u == 'day' ? z.getDayOfMonth()
      : u == 'week' ? z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) : u == 'month' ? z.getMonthValue() : z.getYear();
    if (got == params.value) { return true; }
  }
}
return false;
`;

const script = (source: string, params: Record<string, unknown>): Dsl => ({ script: { script: { lang: 'painless', source, params } } });

/** A glob over the string form of the values (numbers, IPs …) of some doc-values paths. */
export function globScript(paths: string[], parts: GlobPart[], cased: boolean): Dsl {
  const tokens = parts.map((p) => (p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : `=${cased ? p.text : foldString(p.text)}`));
  return script(GLOB, { paths, tokens, cased });
}

/** Numeric strings (the streaming matcher's grammar) of some keyword paths compared with a number. */
export function numericStringScript(paths: string[], op: 'eq' | 'lt' | 'lte' | 'gt' | 'gte', value: number): Dsl {
  return script(NUMERIC_STRING_CMP, { paths, op, value });
}

/** Documents whose keyword paths hold no value besides "" (used together with a term on ""). */
export function onlyEmptyScript(paths: string[]): Dsl {
  return script(ONLY_EMPTY, { paths });
}

/** A value of one field (as a string) equal to, or starting/ending with, or containing a value of another. */
export function fieldRefScript(a: string[], b: string[], position: 'eq' | 'startswith' | 'endswith' | 'contains', cased: boolean): Dsl {
  return script(FIELDREF, { a, b, position, cased });
}

/** A UTC part of a date, ISO-8601 string or epoch-milliseconds value equal to a number. */
export function timePartScript(paths: string[], unit: string, value: number): Dsl {
  return script(TIME_PART, { paths, unit, value });
}
