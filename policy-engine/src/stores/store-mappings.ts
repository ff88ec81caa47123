// Explicit mappings with `dynamic: strict`: a document with a field the code does not know is
// refused instead of silently growing the mapping (and a typo never becomes a new field).

const keyword = { type: 'keyword' } as const;
const epochMillis = { type: 'date', format: 'epoch_millis' } as const;
const isoDate = { type: 'date' } as const;
// Kept in `_source` only: never searched, so never indexed.
const storedOnly = { type: 'keyword', index: false, doc_values: false } as const;

/** Account documents (`kind: account`, id = username) and subject reservations (`kind: subject`). */
export const ACCOUNT_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    kind: keyword,
    username: keyword,
    subject: keyword,
    passwordHash: storedOnly,
    roles: keyword,
    groups: keyword,
    site: keyword,
    disabled: { type: 'boolean' },
    reservedAt: epochMillis,
  },
} as const;

/** Refresh token records, id = token hash; times in ms since the epoch as the token code keeps them. */
export const REFRESH_TOKEN_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    tokenHash: keyword,
    subject: keyword,
    familyId: keyword,
    issuedAt: epochMillis,
    expiresAt: epochMillis,
    familyExpiresAt: epochMillis,
    certificateThumbprint: keyword,
    usedAt: epochMillis,
    revokedAt: epochMillis,
  },
} as const;

/** Issued certificates, id = canonical serial; times as ISO strings like the rest of the PKI's JSON. */
export const CERTIFICATE_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    serial: keyword,
    spiffeId: keyword,
    kind: keyword,
    site: keyword,
    name: keyword,
    notBefore: isoDate,
    notAfter: isoDate,
    issuedAt: isoDate,
    enrolledWith: keyword,
    joinTokenId: keyword,
    revokedAt: isoDate,
    revocationReason: keyword,
  },
} as const;
