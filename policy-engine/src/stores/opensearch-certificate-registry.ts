import type { OpenSearchClient } from '@halong/core/node';
import type { RevocationReason } from '../pki/revocation-store';
import type { IssuedCertificateEntry, IssuedCertificateRegistry, NewIssuedCertificate } from './certificate-registry';
import { normalizeSerialNumber } from '../pki/serial-number';
import { checkNewCertificate, checkRevocation, listLimit } from './certificate-registry';
import { getDocument } from './documents';
import { errorTypeOf, isConflict } from './opensearch-errors';

interface CertificateDoc extends Omit<IssuedCertificateEntry, 'notBefore' | 'notAfter' | 'issuedAt' | 'revokedAt'> {
  readonly notBefore: string;
  readonly notAfter: string;
  readonly issuedAt: string;
  readonly revokedAt?: string;
}

const REVOKE_IF_ABSENT =
  "if (ctx._source.revokedAt != null) { ctx.op = 'none' } else { ctx._source.revokedAt = params.at; ctx._source.revocationReason = params.reason }";

/**
 * Issued certificates in one OpenSearch index, document id = canonical serial. `get` is a
 * real-time GET; `list` is a search, so it shows a write after the next refresh (about a second):
 * issuance does not wait for one, as enrolment latency matters more than an admin list.
 */
export function createOpenSearchIssuedCertificateRegistry(client: OpenSearchClient, index: string): IssuedCertificateRegistry {
  return {
    async record(entry) {
      const checked = checkNewCertificate(entry);
      try {
        await client.index({ index, id: checked.serial, op_type: 'create', body: toDoc(checked) });
      } catch (error) {
        if (isConflict(error)) throw new Error(`certificate ${checked.serial} is recorded already`);
        throw error;
      }
    },
    async get(serial) {
      const doc = await getDocument<CertificateDoc>(client, index, normalizeSerialNumber(serial));
      return doc === undefined ? undefined : fromDoc(doc.source);
    },
    async list(query = {}) {
      const size = listLimit(query);
      const filter = (['spiffeId', 'site', 'kind'] as const)
        .filter((field) => query[field] !== undefined)
        .map((field) => ({ term: { [field]: query[field]! } }));
      const { body } = await client.search({
        index,
        body: { size, query: { bool: { filter } }, sort: [{ issuedAt: 'desc' }, { serial: 'asc' }] },
      });
      return body.hits.hits.map((hit) => fromDoc(hit._source as CertificateDoc));
    },
    async markRevoked(serial: string, reason: RevocationReason, at: Date) {
      checkRevocation(reason, at);
      try {
        // The update runs on the primary shard with a version check: two revocations racing
        // cannot both be the first, and the first one's time and reason stay.
        const { body } = await client.update({
          index, id: normalizeSerialNumber(serial), retry_on_conflict: 3,
          body: { script: { lang: 'painless', source: REVOKE_IF_ABSENT, params: { at: at.toISOString(), reason } } },
        });
        return body.result === 'updated';
      } catch (error) {
        if (errorTypeOf(error) === 'document_missing_exception') return false;
        throw error;
      }
    },
  };
}

function toDoc(entry: NewIssuedCertificate): CertificateDoc {
  return { ...entry, notBefore: entry.notBefore.toISOString(), notAfter: entry.notAfter.toISOString(), issuedAt: entry.issuedAt.toISOString() };
}

function fromDoc(doc: CertificateDoc): IssuedCertificateEntry {
  const { notBefore, notAfter, issuedAt, revokedAt, ...rest } = doc;
  return {
    ...rest,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    issuedAt: new Date(issuedAt),
    ...(revokedAt === undefined ? {} : { revokedAt: new Date(revokedAt) }),
  };
}
