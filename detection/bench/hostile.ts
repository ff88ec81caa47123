// Hostile input, one core, in this process: the patterns and events with which the unit tests
// check that the engine answers pathological input right, timed here instead (speed is measured
// by benchmarks, never asserted in tests). Each case runs at size n and 4n: linear work takes ≈ 4×
// as long at 4n, backtracking or rescanning (quadratic) ≈ 16×, so a ratio above 8 is flagged.
// n is the size of the test's input. A backtracking matcher would not finish these at all: a
// section that does not end is that finding.
import type { ScaledRun, ScaledTiming } from '@halong/infra';
import { timeAtTwoScales } from '@halong/infra';
import { createStreamMatcher, type EventRecord, type StreamMatcher } from '../src/engine';
import { compilePattern, type PlainPart } from '../src/engine/string-pattern';
import { hostileRules } from '../test/engine/hostile-rules';
import { compileField, field, parts, re } from '../test/engine/ir';

const FLAG_RATIO = 8;
const MIN_SAMPLES = 2;
const MAX_SAMPLES = 20;
// Untimed runs of each size first: the first runs of a short case are interpreted or half
// optimised, and one such run made n look slower per character than 4n (4n/n 2).
const WARM_UP_MS = 100;
// The matcher resumes a scan of a long text from a recent one with the same start (prefix-resume.ts,
// 4 texts per automaton): each run takes the next of this many texts, each with its own first
// character, so every run is a first scan, the hostile case.
const VARIANTS = 8;

const gc = (globalThis as { gc?: () => void }).gc;
const int = (n: number): string => Math.round(n).toLocaleString('en');
const micros = (us: number): string => (us < 10 ? us.toFixed(2) : int(us));

interface HostileCase {
  /** `<what runs>: <its input at n>`. */
  name: string;
  /** What `size` counts: characters, nesting levels, array values, fields. */
  unit: string;
  prepare(scale: number): ScaledRun;
}

let sink = 0;
// Keeps every result observable, so no work can be optimised away.
const keep = (result: unknown): void => {
  sink += result === undefined || result === false ? 0 : 1;
};

// engine/string-pattern.test.ts: the pattern the glob matcher must not backtrack on, and the
// shapes whose reads per character it counts at 4 KB and 64 KB (n here: 64 KB).
function stringPattern(source: string, label: string, size: number, make: (size: number) => string): HostileCase {
  const test = compilePattern(parts(source) as PlainPart[], false).test;
  return {
    name: `pattern ${source}: ${label}`,
    unit: 'chars',
    prepare(scale) {
      const text = make(size * scale);
      return { size: text.length, run: () => keep(test(text)) };
    },
  };
}

// engine/regex-test.test.ts: inputs RE2 answers in one pass and a backtracking engine would not finish.
function regex(source: string, label: string, make: (size: number) => string): HostileCase {
  const compiled = compileField(field('f', re(source)));
  return {
    name: `regex ${source}: ${label}`,
    unit: 'chars',
    prepare(scale) {
      const text = make(50_000 * scale);
      return { size: text.length, run: () => keep(compiled.matches({ f: text })) };
    },
  };
}

// engine/hostile-input.test.ts: the stream matcher with one rule of each kind of test.
function hostileMatcher(): StreamMatcher {
  const rules = hostileRules();
  return createStreamMatcher(rules.map((r) => ({ rule: r, conditions: [] })));
}

/** A string V8 holds flat, so no timed run pays for flattening a concatenation. */
const flat = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/** A 5 MB value (at n) as the test builds it, after one character that differs per variant and that no rule reads. */
function hugeValue(matcher: StreamMatcher, name: string, make: (huge: string) => string): HostileCase {
  return {
    name: `matcher: ${name}`,
    unit: 'chars',
    prepare(scale) {
      const huge = 'a'.repeat(5_000_000 * scale);
      const events = Array.from({ length: VARIANTS }, (_, k) => ({ cmd: flat(`${k}${make(huge)}`) }));
      let next = 0;
      return {
        size: events[0]!.cmd.length,
        run() {
          keep(matcher.match(events[next]!).length);
          next = (next + 1) % VARIANTS;
        },
      };
    },
  };
}

function event(matcher: StreamMatcher, name: string, unit: string, n: number, make: (size: number) => EventRecord): HostileCase {
  return {
    name: `matcher: ${name}`,
    unit,
    prepare(scale) {
      const e = make(n * scale);
      return { size: n * scale, run: () => keep(matcher.match(e).length) };
    },
  };
}

const as = (size: number): string => 'a'.repeat(size);

function hostileCases(): HostileCase[] {
  const matcher = hostileMatcher();
  return [
    stringPattern('*a*a*a*a*a?b', '20,000 a (only the tail is read)', 20_000, as),
    stringPattern('*a?c*', '64 Ki a', 64 * 1024, as),
    stringPattern('*aaaaaaaa?b*', '64 Ki a', 64 * 1024, as),
    stringPattern('*a?a?a?a?b*', '64 Ki a', 64 * 1024, as),
    stringPattern('*a*a*a*a*a?b*', '64 Ki a', 64 * 1024, as),
    stringPattern('*😀?x*', '32 Ki 😀 (64 Ki code units)', 64 * 1024, (size) => '😀'.repeat(size / 2)),
    stringPattern('*ab*ab*ab*ac*', '32 Ki ab', 64 * 1024, (size) => 'ab'.repeat(size / 2)),
    regex('^(a+)+$', '50,000 a, then !', (size) => `${as(size)}!`),
    regex('^(a+)+$', '50,000 a', as),
    regex('^(a+)+$', '!, then 50,000 a', (size) => `!${as(size)}`),
    hugeValue(matcher, 'a 5 MB value of a', (huge) => huge),
    hugeValue(matcher, 'a 5 MB value, then needle', (huge) => `${huge}needle`),
    hugeValue(matcher, 'a 5 MB value, then ab', (huge) => `${huge}ab`),
    hugeValue(matcher, 'b, then a 5 MB value (RE2 runs)', (huge) => `b${huge}`),
    event(matcher, '200,000 nested levels', 'levels', 200_000, (size) => {
      let deep: Record<string, unknown> = { cmd: 'needle' };
      for (let i = 0; i < size; i += 1) deep = { n: deep };
      return { deep };
    }),
    event(matcher, 'an array of 200,000 values', 'values', 200_000, (size) => ({ cmd: Array.from({ length: size }, (_, i) => `value ${i}`) })),
    // 4n/n ≈ 6 here is V8's: Object.values and for…in alone over this dictionary-mode object show it.
    event(matcher, '50,000 fields of odd types', 'fields', 50_000, (size) => {
      const odd: Record<string, unknown> = { cmd: { nested: 'needle' }, 'cmd.x': 1 };
      for (let i = 0; i < size; i += 1) odd[`f${i}`] = i % 2 ? null : [i, { x: 'y' }];
      Object.defineProperty(odd, '__proto__', { value: 'x', enumerable: true });
      return odd;
    }),
  ];
}

/** Times every case at n and 4n and prints µs, ns per unit and the 4n/n ratio, flagging super-linear ones. */
export function runHostile(): void {
  console.log(
    `hostile input, one core: each case at n and 4n, fastest of ${MIN_SAMPLES}–${MAX_SAMPLES} runs; 4n/n ≈ 4 is linear, ≈ 16 quadratic; above ${FLAG_RATIO} is flagged`,
  );
  const cases = hostileCases();
  const flagged: string[] = [];
  for (const c of cases) {
    gc?.();
    const [n, n4] = timeAtTwoScales((scale) => c.prepare(scale), { minSamples: MIN_SAMPLES, maxSamples: MAX_SAMPLES, warmUpMs: WARM_UP_MS, ...(gc ? { gc } : {}) });
    const ratio = n4.us / n.us;
    let note = '';
    if (ratio > FLAG_RATIO) {
      note = `  << SUPER-LINEAR: 4n/n ${ratio.toFixed(1)} > ${FLAG_RATIO}`;
      flagged.push(c.name);
    }
    const column = (t: ScaledTiming): string =>
      `${int(t.size).padStart(10)} ${c.unit.padEnd(6)} ${micros(t.us).padStart(9)} µs ${((t.us * 1000) / t.size).toFixed(2).padStart(7)} ns/${c.unit.replace(/s$/, '')}`;
    console.log(`  ${c.name.padEnd(50)} n ${column(n)}   4n ${column(n4)}   4n/n ${ratio.toFixed(2)}${note}`);
  }
  console.log(
    flagged.length === 0
      ? `  no case flagged (${cases.length} cases)`
      : `  SUPER-LINEAR (4n/n > ${FLAG_RATIO}) in ${flagged.length} of ${cases.length} cases: ${flagged.join('; ')}`,
  );
  if (sink < 0) console.log(sink);
}
