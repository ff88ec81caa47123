import type { CertificateQuery, IssuedCertificateEntry, IssuedCertificateRegistry } from './certificate-registry';
import { normalizeSerialNumber } from '../pki/serial-number';
import { checkNewCertificate, checkRevocation, listLimit } from './certificate-registry';

/** An in-memory registry of issued certificates (one process; tests). */
export function createMemoryIssuedCertificateRegistry(): IssuedCertificateRegistry {
  const entries = new Map<string, IssuedCertificateEntry>();
  const matches = (entry: IssuedCertificateEntry, query: CertificateQuery) =>
    (query.spiffeId === undefined || entry.spiffeId === query.spiffeId) &&
    (query.site === undefined || entry.site === query.site) &&
    (query.kind === undefined || entry.kind === query.kind);
  return {
    async record(entry) {
      const checked = checkNewCertificate(entry);
      if (entries.has(checked.serial)) throw new Error(`certificate ${checked.serial} is recorded already`);
      entries.set(checked.serial, checked);
    },
    async get(serial) {
      const entry = entries.get(normalizeSerialNumber(serial));
      return entry === undefined ? undefined : copy(entry);
    },
    async list(query = {}) {
      const limit = listLimit(query);
      return [...entries.values()].filter((e) => matches(e, query)).sort(newestFirst).slice(0, limit).map(copy);
    },
    async markRevoked(serial, reason, at) {
      checkRevocation(reason, at);
      const key = normalizeSerialNumber(serial);
      const entry = entries.get(key);
      if (entry === undefined || entry.revokedAt !== undefined) return false;
      entries.set(key, { ...entry, revokedAt: new Date(at), revocationReason: reason });
      return true;
    },
  };
}

// The same order the OpenSearch registry sorts by: issuedAt descending, then serial ascending.
function newestFirst(a: IssuedCertificateEntry, b: IssuedCertificateEntry): number {
  return b.issuedAt.getTime() - a.issuedAt.getTime() || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0);
}

function copy(entry: IssuedCertificateEntry): IssuedCertificateEntry {
  return {
    ...entry,
    notBefore: new Date(entry.notBefore),
    notAfter: new Date(entry.notAfter),
    issuedAt: new Date(entry.issuedAt),
    ...(entry.revokedAt === undefined ? {} : { revokedAt: new Date(entry.revokedAt) }),
  };
}
