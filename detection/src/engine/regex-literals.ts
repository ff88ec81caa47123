// Literal runs every match of a regex must contain, read conservatively from its source: only
// top-level text outside groups and classes counts, and anything unclear gives up (no literals),
// which is always safe. The literals are used lower-cased against lower-cased text, so they are
// kept ASCII only: an ASCII run in a string stays one contiguous run after toLowerCase, which is
// not true of every Unicode character. Under case-insensitive matching RE2 also folds 'ſ'
// (U+017F) onto 's', which toLowerCase does not, so 's' ends a run there.

/** Required literal runs (lower-cased, ASCII), longest first; empty when none can be proven. */
export function requiredRegexLiterals(source: string, caseInsensitive: boolean): string[] {
  const insensitive = caseInsensitive || /\(\?[a-zA-Z-]*i/.test(source);
  const runs: string[] = [];
  let run = '';
  const end = () => {
    if (run) runs.push(run);
    run = '';
  };
  const add = (c: string) => {
    const code = c.charCodeAt(0);
    if (code > 0x7f || (insensitive && (c === 's' || c === 'S'))) end();
    else run += c.toLowerCase();
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '|' || c === ')') return [];
    if (c === '(' || c === '[') {
      const next = c === '(' ? skipGroup(source, i) : skipClass(source, i);
      if (next < 0) return [];
      end();
      i = applyQuantifier(source, next, run, (r) => (run = r), end);
      continue;
    }
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return [];
      if (/[A-Za-z0-9]/.test(e)) {
        if (!/[dDwWsSbBAzntrfv]/.test(e)) return [];
        end();
      } else {
        add(e);
      }
      i += 2;
      i = applyQuantifier(source, i, run, (r) => (run = r), end);
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      end();
      i = applyQuantifier(source, i + 1, run, (r) => (run = r), end);
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') return [];
    add(c);
    i = applyQuantifier(source, i + 1, run, (r) => (run = r), end);
  }
  end();
  return [...new Set(runs)].sort((a, b) => b.length - a.length);
}

/**
 * After an atom: `*`, `?` or `{0…}` make the last character optional (drop it), `+` or `{n≥1…}`
 * keep one copy; the run ends either way because repetitions make what follows unknowable.
 */
function applyQuantifier(source: string, i: number, run: string, setRun: (r: string) => void, end: () => void): number {
  const q = source[i];
  if (q === undefined) return i;
  let next = i;
  let optional: boolean;
  if (q === '*' || q === '?') {
    optional = true;
    next = i + 1;
  } else if (q === '+') {
    optional = false;
    next = i + 1;
  } else if (q === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i, i + 24));
    if (!m) return i;
    optional = Number(m[1]) === 0;
    next = i + m[0].length;
  } else {
    return i;
  }
  if (optional) setRun(run.slice(0, -1));
  end();
  if (source[next] === '?' || source[next] === '+') next += 1;
  return next;
}

/** Index after the group opened at `start`, or -1 when unbalanced. */
function skipGroup(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '[') {
      const next = skipClass(source, i);
      if (next < 0) return -1;
      i = next - 1;
    } else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index after the character class opened at `start`, or -1 when unterminated. */
function skipClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i += 1;
  if (source[i] === ']') i += 1;
  for (; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === ']') return i + 1;
  }
  return -1;
}
