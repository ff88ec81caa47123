// Public API of personal-data pseudonymisation.
export type { PiiKind } from './patterns';
export { PII_KINDS, PII_TOKEN } from './patterns';
export type { Pseudonymiser, PseudonymiserOptions } from './pseudonymiser';
export { PII_MIN_KEY_BYTES, createPseudonymiser, pseudonymToken } from './pseudonymiser';
