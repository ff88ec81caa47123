import type { WorkloadName } from '../pki/spiffe-id';

/** A join token as stored: never the token, only its SHA-256. */
export interface JoinTokenRecord {
  readonly id: string;
  /** SHA-256 (base64url) of the whole token. */
  readonly tokenHash: string;
  /** The one identity a collector may enrol as with this token. */
  readonly identity: WorkloadName;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Set once, by `take`. */
  readonly usedAt?: Date;
}

/**
 * Where join tokens live. `take` is the one-time use and must be atomic across every instance
 * sharing the store: of concurrent takes of one id exactly one gets the record.
 */
export interface JoinTokenStore {
  /** Adds a record; rejects if the id exists. */
  put(record: JoinTokenRecord): Promise<void>;
  get(id: string): Promise<JoinTokenRecord | undefined>;
  /** Marks an unused record used at `at` and returns it as marked; undefined if absent or used already. */
  take(id: string, at: Date): Promise<JoinTokenRecord | undefined>;
  /** Every record, used and expired ones included. */
  list(): Promise<JoinTokenRecord[]>;
  /** Removes a record; false if there was none. */
  delete(id: string): Promise<boolean>;
}

/** An in-memory join token store (one process; tests). */
export function createMemoryJoinTokenStore(): JoinTokenStore {
  const records = new Map<string, JoinTokenRecord>();
  const copy = (r: JoinTokenRecord): JoinTokenRecord => ({
    ...r,
    identity: { ...r.identity },
    createdAt: new Date(r.createdAt),
    expiresAt: new Date(r.expiresAt),
    ...(r.usedAt === undefined ? {} : { usedAt: new Date(r.usedAt) }),
  });
  return {
    async put(record) {
      if (records.has(record.id)) throw new Error(`join token ${record.id} exists already`);
      records.set(record.id, copy(record));
    },
    async get(id) {
      const record = records.get(id);
      return record && copy(record);
    },
    async take(id, at) {
      // No await between the check and the write: one take wins even when called concurrently.
      const record = records.get(id);
      if (record === undefined || record.usedAt !== undefined) return undefined;
      const taken = { ...record, usedAt: new Date(at) };
      records.set(id, taken);
      return copy(taken);
    },
    list: async () => [...records.values()].map(copy),
    delete: async (id) => records.delete(id),
  };
}
