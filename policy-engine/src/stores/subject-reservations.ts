import type { OpenSearchClient } from '@halong/core/node';
import type { Clock } from '../tokens/clock';
import type { VersionedDocument } from './documents';
import { AccountExistsError } from '../tokens/errors';
import { getDocument } from './documents';
import { isConflict, statusOf } from './opensearch-errors';

/** The document `subject:<sub>` that claims a subject for one username. */
export interface SubjectDoc {
  readonly kind: 'subject';
  readonly subject: string;
  readonly username: string;
  readonly reservedAt: number;
}

/** A reservation this process holds, with the version that proves it is still its own. */
export type SubjectReservation = VersionedDocument<SubjectDoc>;

/** Subject claims in the account index (OpenSearch enforces unique ids, not unique fields). */
export interface SubjectReservations {
  /** The username the subject is reserved for, if any. */
  holderOf(subject: string): Promise<string | undefined>;
  /** Claims the subject for the username; throws `AccountExistsError` if it is taken. */
  reserve(subject: string, username: string): Promise<SubjectReservation>;
  /** Gives a claim up, unless it changed hands meanwhile. */
  release(reservation: SubjectReservation): Promise<void>;
}

export interface SubjectReservationOptions {
  readonly clock: Clock;
  readonly orphanAfterMs: number;
  /** The subject of the username's account, if it has one. */
  readonly subjectOf: (username: string) => Promise<string | undefined>;
}

const subjectId = (subject: string) => `subject:${subject}`;

/**
 * A claim is orphaned when the process that made it died before creating the account; once it
 * is older than `orphanAfterMs` and its username holds no account with that subject, the next
 * claimant takes it over by compare-and-set, so of several only one does.
 */
export function createSubjectReservations(client: OpenSearchClient, index: string, options: SubjectReservationOptions): SubjectReservations {
  const { clock, orphanAfterMs, subjectOf } = options;
  const isOrphan = async (claim: SubjectDoc): Promise<boolean> =>
    clock() - claim.reservedAt >= orphanAfterMs && (await subjectOf(claim.username)) !== claim.subject;

  const write = async (source: SubjectDoc, cas?: SubjectReservation): Promise<SubjectReservation> => {
    const { body } = await client.index({
      index, id: subjectId(source.subject), body: source, refresh: true,
      ...(cas === undefined ? { op_type: 'create' as const } : { if_seq_no: cas.seqNo, if_primary_term: cas.primaryTerm }),
    });
    return { source, seqNo: body._seq_no ?? -1, primaryTerm: body._primary_term ?? -1 };
  };

  return {
    holderOf: async (subject) => (await getDocument<SubjectDoc>(client, index, subjectId(subject)))?.source.username,
    async reserve(subject, username) {
      const source: SubjectDoc = { kind: 'subject', subject, username, reservedAt: clock() };
      try {
        return await write(source);
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
      const existing = await getDocument<SubjectDoc>(client, index, subjectId(subject));
      if (existing === undefined || !(await isOrphan(existing.source))) throw new AccountExistsError(username);
      try {
        return await write(source, existing);
      } catch (error) {
        if (isConflict(error)) throw new AccountExistsError(username);
        throw error;
      }
    },
    async release(reservation) {
      const { seqNo, primaryTerm, source } = reservation;
      await client.delete({ index, id: subjectId(source.subject), if_seq_no: seqNo, if_primary_term: primaryTerm, refresh: true }).catch((error: unknown) => {
        // Gone or taken over meanwhile: it is not ours to delete any more.
        if (statusOf(error) !== 404 && !isConflict(error)) throw error;
      });
    },
  };
}
