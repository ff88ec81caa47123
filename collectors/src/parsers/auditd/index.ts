// Public API of the Linux audit (auditd) parser.
export type { AssembledOutcome, AuditAssemblerCounters, AuditAssemblerOptions } from './assembler';
export { AUDIT_ASSEMBLER_DEFAULTS, AuditAssembler } from './assembler';
export type { AuditRecord } from './record';
export { readAuditLine } from './record';
export { AUDITD_DATASET, AUDITD_MODULE, auditEvent } from './to-ecs';
