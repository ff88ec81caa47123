// Glob patterns for ids and sites, compiled once: `*` matches within one `/` segment, `**` across
// segments, `?` one character of a segment; a pattern that is only `*` or `**` matches everything.

/** A set of glob patterns compiled for fast any-of matching. */
export interface GlobSet {
  readonly patterns: readonly string[];
  /** True when any pattern matches the whole value. */
  matches(value: string): boolean;
  /** The first pattern that matches, for explanations (slower than matches). */
  which(value: string): string | undefined;
}

/** True when the pattern contains a wildcard. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A pattern that matches every value. */
export function isMatchAll(pattern: string): boolean {
  return pattern === '*' || pattern === '**';
}

/** The anchored RegExp a glob pattern stands for. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

/** Compiles patterns once: exact values go to a Set, wildcards to one combined RegExp. */
export function compileGlobs(patterns: readonly string[]): GlobSet {
  const all = patterns.some(isMatchAll);
  const exact = new Set(patterns.filter((p) => !isGlob(p)));
  const wild = patterns.filter((p) => isGlob(p) && !isMatchAll(p));
  const regexes = wild.map(globToRegExp);
  const combined = wild.length ? new RegExp(regexes.map((r) => r.source).join('|'), 's') : undefined;
  return {
    patterns: [...patterns],
    matches: all
      ? () => true
      : (value) => exact.has(value) || (combined !== undefined && combined.test(value)),
    which(value) {
      if (exact.has(value)) return value;
      for (const p of patterns) {
        if (isMatchAll(p)) return p;
      }
      const i = regexes.findIndex((r) => r.test(value));
      return i < 0 ? undefined : wild[i];
    },
  };
}
