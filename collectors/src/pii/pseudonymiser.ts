// Keyed pseudonyms for personal identifiers (Decree 13/2023/NĐ-CP): equal values give equal
// tokens under one key, so analysts correlate subscribers and citizens across events without
// seeing who they are; without the key a token cannot be reversed, or recomputed from a
// guess (the identifier spaces are small enough to enumerate, which is why this is an HMAC
// and not a bare hash). Only the configured fields are read, and the event is copied only
// along the paths that changed.
import { createHmac } from 'node:crypto';
import type { PiiKind } from './patterns';
import { PII_KINDS, compilePattern, mayHoldPii, normalise } from './patterns';
import { compilePath, rewritePaths } from './paths';
import type { FieldPath } from './paths';

/** What to pseudonymise, and with which key. */
export interface PseudonymiserOptions {
  /** The HMAC key: at least 16 bytes, kept secret, the same across collectors that must correlate. */
  key: Buffer | string;
  /** ECS dotted paths of the fields to scan (`user.id`, `open5gs.supi`, `message` …). */
  fields: readonly string[];
  /** The kinds to replace; all of {@link PII_KINDS} when omitted. */
  kinds?: readonly PiiKind[];
}

/** A configured pseudonymiser: the event with identifiers replaced, and how many were. */
export type Pseudonymiser = <T extends Record<string, unknown>>(event: T) => { event: T; replaced: number };

/** Shortest key accepted, in bytes. */
export const PII_MIN_KEY_BYTES = 16;

const TOKEN_HEX_CHARS = 16;
const CACHE_LIMIT = 10_000;
const WHOLE_IMSI = /^\s*(\d{15})\s*$/;
// What a rewrite that replaced nothing returns: its text is never read (see Rewrite).
const NOTHING: { readonly text: string; readonly count: number } = Object.freeze({ text: '', count: 0 });

function keyBytes(key: Buffer | string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (!Buffer.isBuffer(bytes) || bytes.length < PII_MIN_KEY_BYTES) {
    throw new RangeError(`The pseudonymisation key must be at least ${PII_MIN_KEY_BYTES} bytes.`);
  }
  return bytes;
}

/**
 * The token of one identifier: `pii:<kind>:` and the first 16 hex digits of
 * HMAC-SHA256(key, `<kind>:<normalised value>`).
 */
export function pseudonymToken(key: Buffer | string, kind: PiiKind, value: string): string {
  return tokenOf(keyBytes(key), kind, normalise(kind, value));
}

function tokenOf(key: Buffer, kind: PiiKind, normalised: string): string {
  const hex = createHmac('sha256', key).update(`${kind}:${normalised}`).digest('hex').slice(0, TOKEN_HEX_CHARS);
  return `pii:${kind}:${hex}`;
}

/** Builds a pseudonymiser; throws on a short key, an unknown kind or an unusable field path. */
export function createPseudonymiser(options: PseudonymiserOptions): Pseudonymiser {
  const key = keyBytes(options.key);
  const kinds = new Set<PiiKind>(options.kinds ?? PII_KINDS);
  for (const kind of kinds) if (!(PII_KINDS as readonly string[]).includes(kind)) throw new TypeError(`Unknown personal-data kind "${String(kind)}".`);
  const paths: FieldPath[] = [...new Set(options.fields)].map(compilePath);
  const pattern = compilePattern(kinds);
  const enabled = [...kinds];
  const wholeImsi = kinds.has('imsi');
  // Values repeat (the same subscriber in every line of a session); the HMAC is the cost.
  const cache = new Map<string, string>();

  const token = (kind: PiiKind, raw: string): string => {
    const normalised = normalise(kind, raw);
    const cacheKey = `${kind}:${normalised}`;
    let t = cache.get(cacheKey);
    if (t === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      t = tokenOf(key, kind, normalised);
      cache.set(cacheKey, t);
    }
    return t;
  };

  const rewrite = (text: string): { text: string; count: number } => {
    // Most strings (names, hosts, log lines without a long number) end here.
    if (!mayHoldPii(text)) return NOTHING;
    const whole = wholeImsi ? WHOLE_IMSI.exec(text) : null;
    if (whole) return { text: text.replace(whole[1]!, token('imsi', whole[1]!)), count: 1 };
    pattern.lastIndex = 0;
    let m = pattern.exec(text);
    let out = '';
    let last = 0;
    let count = 0;
    while (m) {
      const groups = m.groups!;
      // An existing token is matched so that it is skipped whole, never rewritten.
      if (groups.token === undefined) {
        const kind = enabled.find((k) => groups[k] !== undefined)!;
        out += text.slice(last, m.index) + token(kind, m[0]);
        last = m.index + m[0].length;
        count += 1;
      }
      m = pattern.exec(text);
    }
    return count > 0 ? { text: out + text.slice(last), count } : NOTHING;
  };

  return <T extends Record<string, unknown>>(event: T): { event: T; replaced: number } => {
    const { value, count } = rewritePaths(event, paths, rewrite);
    return { event: value as T, replaced: count };
  };
}
