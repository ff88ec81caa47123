// Many `endswith` (or `startswith`) values on one field (`ImageLoaded|endswith: [400 DLL names]`)
// tested as one lookup instead of one native call per value. In the common case where every
// suffix starts with the same character and holds it nowhere else (`\name.dll`), the only slice
// that can match starts at the text's last such character: one lookup. Otherwise the values are
// grouped by length, and a text is tested by slicing its end (start) at each length that occurs
// and looking the slice up, when that makes fewer calls.

/**
 * A slice allocates and is hashed, an endsWith() call does neither: lookups by length pay off
 * only when each length holds several values.
 */
const VALUES_PER_LENGTH = 4;

/** "The text ends with one of `suffixes`". */
export function suffixTest(suffixes: readonly string[]): (s: string) => boolean {
  if (suffixes.some((x) => x.length === 0)) return () => true;
  const set = new Set(suffixes);
  const lead = suffixes[0]![0]!;
  if (suffixes.every((x) => x[0] === lead && x.indexOf(lead, 1) === -1)) {
    // A suffix that holds `lead` only first can only start at the text's last `lead`.
    return (s) => {
      const at = s.lastIndexOf(lead);
      return at !== -1 && set.has(at === 0 ? s : s.slice(at));
    };
  }
  const byLength = buckets(suffixes);
  if (byLength.length * VALUES_PER_LENGTH > set.size) {
    return (s) => {
      for (let k = 0; k < suffixes.length; k += 1) if (s.endsWith(suffixes[k]!)) return true;
      return false;
    };
  }
  return (s) => {
    for (let k = 0; k < byLength.length; k += 1) {
      const [length, values] = byLength[k]!;
      if (length > s.length) return false;
      if (values.has(s.slice(s.length - length))) return true;
    }
    return false;
  };
}

/** "The text starts with one of `prefixes`". */
export function prefixTest(prefixes: readonly string[]): (s: string) => boolean {
  if (prefixes.some((x) => x.length === 0)) return () => true;
  const byLength = buckets(prefixes);
  if (byLength.length * VALUES_PER_LENGTH > prefixes.length) {
    return (s) => {
      for (let k = 0; k < prefixes.length; k += 1) if (s.startsWith(prefixes[k]!)) return true;
      return false;
    };
  }
  return (s) => {
    for (let k = 0; k < byLength.length; k += 1) {
      const [length, values] = byLength[k]!;
      if (length > s.length) return false;
      if (values.has(s.slice(0, length))) return true;
    }
    return false;
  };
}

/** The values by length, shortest first. */
function buckets(values: readonly string[]): [number, Set<string>][] {
  const byLength = new Map<number, Set<string>>();
  for (const v of values) {
    let set = byLength.get(v.length);
    if (set === undefined) byLength.set(v.length, (set = new Set()));
    set.add(v);
  }
  return [...byLength].sort((a, b) => a[0] - b[0]);
}
