/** A refresh token as stored: never the token itself, only its SHA-256. Times in ms since the Unix epoch. */
export interface RefreshTokenRecord {
  readonly tokenHash: string;
  readonly subject: string;
  /** All tokens rotated from one sign-in share a family; reuse of any used one revokes the family. */
  readonly familyId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** No token of the family outlives this, however often it is rotated. */
  readonly familyExpiresAt: number;
  /** `x5t#S256` of the client certificate the family is bound to, if any. */
  readonly certificateThumbprint?: string;
  readonly usedAt?: number;
  readonly revokedAt?: number;
}

/**
 * Storage of refresh tokens. `markUsed` must be atomic (compare-and-set): of two concurrent uses
 * of one token only one may see `true`. In memory now; OpenSearch later (seq_no/primary_term).
 */
export interface RefreshTokenStore {
  insert(record: RefreshTokenRecord): Promise<void>;
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks an unused token used; false if it was used already or is unknown. */
  markUsed(tokenHash: string, at: number): Promise<boolean>;
  /** Revokes every token of a family; returns how many were newly revoked. */
  revokeFamily(familyId: string, at: number): Promise<number>;
  /** Revokes every token of a subject (sign out everywhere); returns how many were newly revoked. */
  revokeSubject(subject: string, at: number): Promise<number>;
  /** Deletes records expired before `now`; returns how many. */
  prune(now: number): Promise<number>;
}

/** An in-memory refresh token store (one process; tests). */
export function createMemoryRefreshTokenStore(): RefreshTokenStore {
  const records = new Map<string, RefreshTokenRecord>();
  const revokeWhere = (match: (r: RefreshTokenRecord) => boolean, at: number): number => {
    let count = 0;
    for (const [hash, record] of records) {
      if (match(record) && record.revokedAt === undefined) {
        records.set(hash, { ...record, revokedAt: at });
        count += 1;
      }
    }
    return count;
  };
  return {
    async insert(record) {
      if (records.has(record.tokenHash)) throw new Error('refresh token hash collision');
      records.set(record.tokenHash, { ...record });
    },
    async find(tokenHash) {
      const record = records.get(tokenHash);
      return record === undefined ? undefined : { ...record };
    },
    async markUsed(tokenHash, at) {
      const record = records.get(tokenHash);
      if (record === undefined || record.usedAt !== undefined) return false;
      records.set(tokenHash, { ...record, usedAt: at });
      return true;
    },
    revokeFamily: async (familyId, at) => revokeWhere((r) => r.familyId === familyId, at),
    revokeSubject: async (subject, at) => revokeWhere((r) => r.subject === subject, at),
    async prune(now) {
      let count = 0;
      for (const [hash, record] of records) {
        if (record.expiresAt <= now) {
          records.delete(hash);
          count += 1;
        }
      }
      return count;
    },
  };
}
