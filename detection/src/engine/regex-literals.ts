// Literals every match of a regex must contain, read conservatively from its source: only
// top-level text counts, and anything unclear gives up (no literals), which is always safe. A
// group that is a plain alternation of literals (`-(W|R)`, `(?:exe|dll)`), or a class listing
// plain characters (`-[FTd]`), multiplies the run it sits in: every match then holds one of `-w`,
// `-r`, a clause of alternatives. Other groups and classes end the run. The literals are used lower-cased against lower-cased text, so they are
// kept ASCII only: an ASCII run in a string stays one contiguous run after toLowerCase, which is
// not true of every Unicode character. Under case-insensitive matching RE2 also folds 'ſ'
// (U+017F) onto 's', which toLowerCase does not, so 's' ends a run there.

/** A run multiplied by alternations beyond this many alternatives starts over from the group. */
const MAX_ALTERNATIVES = 16;

/**
 * Clauses of required literals (lower-cased, ASCII): every match contains one literal of each
 * clause. Best first: the clause whose shortest literal is longest, then with fewer literals.
 * Empty when nothing can be proven.
 */
export function requiredRegexLiterals(source: string, caseInsensitive: boolean): string[][] {
  const insensitive = caseInsensitive || /\(\?[a-zA-Z-]*i/.test(source);
  const plain = (c: string) => c.charCodeAt(0) <= 0x7f && !(insensitive && (c === 's' || c === 'S'));
  const clauses: string[][] = [];
  let run: string[] = [''];
  const end = () => {
    if (run.every((r) => r.length > 0)) clauses.push([...new Set(run)]);
    run = [''];
  };
  const add = (c: string) => {
    if (!plain(c)) end();
    else run = run.map((r) => r + c.toLowerCase());
  };
  const drop = () => (run = run.map((r) => r.slice(0, -1)));
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '|' || c === ')') return [];
    if (c === '(' || c === '[') {
      const next = c === '(' ? skipGroup(source, i) : skipClass(source, i);
      if (next < 0) return [];
      const body = source.slice(i + 1, next - 1);
      const alternatives = c === '(' ? literalAlternatives(body, plain) : classAlternatives(body, plain);
      const q = quantifier(source, next);
      if (alternatives === undefined || q.optional) {
        end();
      } else {
        if (run.length * alternatives.length > MAX_ALTERNATIVES) end();
        run = run.flatMap((r) => alternatives.map((a) => r + a));
        if (q.repeated) end();
      }
      i = q.next;
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
      i = afterAtom(source, i + 2, drop, end);
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      end();
      i = afterAtom(source, i + 1, drop, end);
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') return [];
    add(c);
    i = afterAtom(source, i + 1, drop, end);
  }
  end();
  const score = (clause: string[]) => Math.min(...clause.map((l) => l.length));
  const unique = [...new Map(clauses.map((cl) => [cl.join('\u0000'), cl])).values()];
  return unique.sort((a, b) => score(b) - score(a) || a.length - b.length);
}

/**
 * The lower-cased alternatives of a group's body when it is a plain alternation of non-empty
 * literals (optionally non-capturing), else undefined.
 */
function literalAlternatives(body: string, plain: (c: string) => boolean): string[] | undefined {
  let text = body;
  if (text.startsWith('?')) {
    if (!text.startsWith('?:')) return undefined;
    text = text.slice(2);
  }
  const out: string[] = [''];
  for (let i = 0; i < text.length; i += 1) {
    let c = text[i]!;
    if (c === '|') {
      out.push('');
      continue;
    }
    if (c === '\\') {
      const e = text[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return undefined;
      c = e;
      i += 1;
    } else if ('()[]{}*+?.^$'.includes(c)) return undefined;
    if (!plain(c)) return undefined;
    out[out.length - 1] += c.toLowerCase();
  }
  return out.every((a) => a.length > 0) ? [...new Set(out)] : undefined;
}

/** The lower-cased characters of a class body listing plain characters only (`FTd`, `\\.,`), else undefined. */
function classAlternatives(body: string, plain: (c: string) => boolean): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < body.length; i += 1) {
    let c = body[i]!;
    if (c === '\\') {
      const e = body[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return undefined;
      c = e;
      i += 1;
    } else if (c === '^' || c === '-' || c === '[' || c === ']') return undefined;
    if (!plain(c)) return undefined;
    out.push(c.toLowerCase());
  }
  return out.length > 0 ? [...new Set(out)] : undefined;
}

/** The quantifier at `i`, if any: whether it makes the atom optional or repeatable, and where it ends. */
function quantifier(source: string, i: number): { optional: boolean; repeated: boolean; next: number } {
  const q = source[i];
  let next = i;
  let optional = false;
  if (q === '*' || q === '?') {
    optional = true;
    next = i + 1;
  } else if (q === '+') {
    next = i + 1;
  } else if (q === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i, i + 24));
    if (!m) return { optional: false, repeated: false, next: i };
    optional = Number(m[1]) === 0;
    next = i + m[0].length;
  } else {
    return { optional: false, repeated: false, next: i };
  }
  if (source[next] === '?' || source[next] === '+') next += 1;
  return { optional, repeated: true, next };
}

/**
 * After a one-character atom: `*`, `?` or `{0…}` make it optional (drop it), `+` or `{n≥1…}`
 * keep one copy; the run ends either way because repetitions make what follows unknowable.
 */
function afterAtom(source: string, i: number, drop: () => void, end: () => void): number {
  const q = quantifier(source, i);
  if (!q.repeated) return i;
  if (q.optional) drop();
  end();
  return q.next;
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
