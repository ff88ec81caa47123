// Stable codes of the audit log, `HALONG_AUDIT_<NAME>`. Codes never change meaning once
// published; messages are for humans.

/** Codes the audit modules throw, with the HTTP status an API answers with and a default message. */
export const AuditErrorCodes = {
  HALONG_AUDIT_NOT_CANONICAL: { status: 400, message: 'The value has no canonical JSON form.' },
  HALONG_AUDIT_INVALID_ENTRY: { status: 400, message: 'The audit entry lacks a field or has one of the wrong type.' },
  HALONG_AUDIT_INVALID_TAIL: { status: 500, message: 'The chain tail or anchor is not a valid seq and hash.' },
  HALONG_AUDIT_READ_TIMEOUT: { status: 503, message: 'The audit topic could not be read to its end in time.' },
  HALONG_AUDIT_UNREADABLE_RECORD: { status: 500, message: 'A record of the audit topic is not JSON.' },
} as const;

/** A stable code an audit module throws, `HALONG_AUDIT_<NAME>`. */
export type AuditErrorCode = keyof typeof AuditErrorCodes;

/**
 * Why a chain does not verify; `verifyAuditChain` returns these (it never throws them) so the
 * admin API can show where the log was tampered with.
 */
export const AuditBreakCodes = {
  HALONG_AUDIT_MALFORMED_ENTRY: 'An entry lacks a field or has one of the wrong type.',
  HALONG_AUDIT_HASH_MISMATCH: 'An entry does not hash to its hash field: it was edited.',
  HALONG_AUDIT_BROKEN_LINK: "An entry's prev_hash is not the previous entry's hash: an entry was edited and re-hashed, or spliced in.",
  HALONG_AUDIT_SEQ_GAP: 'A seq is missing: an entry was deleted.',
  HALONG_AUDIT_OUT_OF_ORDER: 'A seq comes later in the log than it should: entries were reordered.',
  HALONG_AUDIT_DUPLICATE_SEQ: 'A seq appears twice: an entry was inserted or replayed.',
  HALONG_AUDIT_TRUNCATED_START: 'The log does not start at seq 1: its beginning is missing.',
  HALONG_AUDIT_ANCHOR_MISMATCH: 'The first entry does not follow the trusted anchor.',
} as const;

/** A stable code for where and how a chain breaks. */
export type AuditBreakCode = keyof typeof AuditBreakCodes;

/** Base class of every error the audit modules throw; `code` is stable, `message` is for humans. */
export class AuditError extends Error {
  readonly code: AuditErrorCode;
  readonly status: number;

  constructor(code: AuditErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? AuditErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditError';
    this.code = code;
    this.status = AuditErrorCodes[code].status;
  }
}
