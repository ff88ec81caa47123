// Public API of the audit log: the hash chain, its verifier and the Kafka adapters.
export type { AuditChain, AuditChainOptions, AuditRecordInput, AuditSink } from './audit-chain';
export { createAuditChain } from './audit-chain';
export type { AuditTail } from './audit-hash';
export { GENESIS_HASH, GENESIS_TAIL, checkAuditTail, hashAuditEntry, isAuditHash } from './audit-hash';
export { canonicalJson } from './canonical-json';
export type { AuditBreakCode, AuditErrorCode } from './errors';
export { AuditBreakCodes, AuditError, AuditErrorCodes } from './errors';
export type { ReadAuditLogOptions } from './kafka-audit-sink';
export { AUDIT_RECORD_KEY, DEFAULT_AUDIT_READ_TIMEOUT_MS, createKafkaAuditSink, readAuditLog } from './kafka-audit-sink';
export type { AuditChainBroken, AuditChainIntact, AuditChainVerification, VerifyAuditChainOptions } from './verify-audit-chain';
export { verifyAuditChain } from './verify-audit-chain';
