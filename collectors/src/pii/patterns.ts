// The personal identifiers recognised in text, as one alternation compiled once per set of
// kinds. Every alternative has bounded repetitions, so a scan is linear in the text; the
// numeric ones start with a cheap lookahead so that their lookbehinds only run where a number
// can start. An existing token is an alternative too, tried first: it is consumed whole and
// never rescanned.

/** The kinds of personal identifier the pseudonymiser replaces. */
export const PII_KINDS = ['imsi', 'supi', 'suci', 'cccd', 'cmnd', 'phone_vn'] as const;

/** One of {@link PII_KINDS}. */
export type PiiKind = (typeof PII_KINDS)[number];

/** A pseudonym token, as it appears in text: `pii:<kind>:<16 hex>`. */
export const PII_TOKEN = /pii:(?:imsi|supi|suci|cccd|cmnd|phone_vn):[0-9a-f]{16}(?![0-9a-f])/;

// Digits of a number must not continue a longer number: no word character before or after,
// and no digit joined by a decimal point, comma or dash (1.234567890123, 12-345678901).
const START = String.raw`(?<![\w+])(?<!\d[.,-])`;
const END = String.raw`(?![\w])(?![.,-]\d)`;
const SEP = '[ .-]?';
// Case-insensitive by hand: the `i` flag slows every alternative down, not just these words.
const IMSI = '[iI][mM][sS][iI]';
const SUCI = '[sS][uU][cC][iI]';
const MOBILE = String.raw`(?:3${SEP}[2-9]|5${SEP}[25689]|7${SEP}[06-9]|8${SEP}[1-9]|9${SEP}\d)(?:${SEP}\d){7}`;
const LANDLINE = String.raw`2(?:${SEP}\d){9}`;

const ALTERNATIVES: Readonly<Record<PiiKind, string>> = {
  // imsi-<digits>: 5G SUPI of IMSI type (5 to 15 digits; the prefix leaves no doubt).
  supi: String.raw`\b${IMSI}-\d{5,15}(?!\d)`,
  // suci-<type>-<mcc>-<mnc>-<routing>-<scheme>-<key id>-<scheme output>; null-scheme SUCIs
  // carry the MSIN in clear.
  suci: String.raw`\b${SUCI}-\d-\d{3}-\d{2,3}-\d{1,4}-\d{1,2}-\d{1,3}-[0-9a-fA-F]{1,4096}(?![0-9a-fA-F])`,
  // A bare 15-digit IMSI inside text only where labelled (IMSI[…], IMSI:[…], IMSI: …, imsi=…)
  // or alone in brackets, as 4G network functions print it.
  imsi: String.raw`(?=\d{15}(?!\w))(?:(?<=\b${IMSI}(?::?\[|[:=] ?| ))|(?<=\[))\d{15}`,
  // Căn cước công dân: 12 digits, the first three a province code 001–096.
  cccd: String.raw`(?=0\d{11}(?!\w))${START}0(?:0[1-9]|[1-8]\d|9[0-6])\d{9}${END}`,
  // Chứng minh nhân dân: 9 digits.
  cmnd: String.raw`(?=\d{9}(?!\w))${START}\d{9}${END}`,
  // +84, 84 or 0, then a two-digit mobile prefix and 7 digits (10 digits with the 0), or a
  // landline 2 and 9 digits (11 with the 0); a space, dot or dash may separate any two digits.
  phone_vn: String.raw`(?=\+|[08])${START}(?:\+84|84|0)${SEP}(?:${MOBILE}|${LANDLINE})${END}`,
};

// Order matters where two kinds could start at the same place: the longer, labelled ones first.
const ORDER: readonly PiiKind[] = ['supi', 'suci', 'imsi', 'phone_vn', 'cccd', 'cmnd'];

/** One regular expression for `kinds`, with a named group per kind and `token` for tokens. */
export function compilePattern(kinds: ReadonlySet<PiiKind>): RegExp {
  const parts = [`(?<token>${PII_TOKEN.source})`];
  for (const kind of ORDER) if (kinds.has(kind)) parts.push(`(?<${kind}>${ALTERNATIVES[kind]})`);
  return new RegExp(parts.join('|'), 'g');
}

// A necessary condition for every alternative, without their lookarounds and exact shapes:
// CMND, CCCD and IMSI are whole runs of exactly 9, 12 or 15 digits; a phone starts after a
// non-word character with 0 or 84, then a mobile or landline prefix (2, 3, 5, 7, 8, 9) and
// eight more digits at least, with at most one space, dot or dash between two; SUPI and SUCI
// start with their keyword. As a regular expression it runs in native code, several times
// faster than a character loop in JavaScript.
const MAY_HOLD = new RegExp(
  String.raw`(?<![0-9A-Za-z_])(?:(?:84|0)${SEP}[235789](?:${SEP}\d){8}|\d{9}(?!\d)|\d{12}(?!\d)|\d{15}(?!\d))|${IMSI}|${SUCI}`,
);

/**
 * False only when `text` cannot hold an identifier of any kind. Most log lines (addresses,
 * times, counters) have none, and the full alternation is then not run at all.
 */
export function mayHoldPii(text: string): boolean {
  return MAY_HOLD.test(text);
}

/** The form a value is hashed in: separators out, `+84`/`84` → `0`, lower case. */
export function normalise(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'phone_vn': {
      const digits = value.replace(/[^\d]/g, '');
      return value.startsWith('0') ? digits : `0${digits.slice(2)}`;
    }
    case 'supi':
    case 'suci':
      return value.toLowerCase();
    default:
      return value.replace(/[^\d]/g, '');
  }
}
