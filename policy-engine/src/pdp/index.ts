// Public API of the policy language and the PDP (pure logic: no I/O).
export type { ParsedPolicies, Obligation, PolicyDefinition, PolicySource, PolicySourceRef, ResourceMatcher, SubjectKind, SubjectMatcher } from './policy-types';
export { SUBJECT_KINDS } from './policy-types';
export type {
  DecisionRequest,
  Entity,
  EntityStateProvider,
  NearMiss,
  PdpDecision,
  PdpReason,
  PolicyMatch,
  QuarantineEntry,
  ReasonKind,
} from './decision-types';
export type { PolicyErrorCode, PolicyProblem } from './errors';
export {
  formatProblem,
  PolicyAddressError,
  PolicyError,
  PolicyErrorCodes,
  PolicyOptionError,
  PolicyRequestInvalidError,
  PolicySetInvalidError,
  PolicyTimeZoneError,
  PolicyVersionNotFoundError,
} from './errors';
export { parsePolicies, parsePolicySet } from './parse-policies';
export { MAX_CONDITION_LENGTH } from './condition';
export type { Pdp, PdpOptions } from './pdp';
export { createPdp } from './pdp';
export { BUILTIN as BUILTIN_POLICY_IDS } from './explain';
export { ipInCidr, normalizeIp, parseCidr, parseIp } from './cidr';
export type { CidrBlock, IpAddress } from './cidr';
export { dayOfWeekIn, hourIn } from './time-of-day';
export { entityKey, resourceEntities, subjectEntities } from './entities';
export type { RiskRaise, RiskScoreOptions, RiskScores } from './risk-scores';
export { createRiskScores } from './risk-scores';
export type { QuarantineList, QuarantineRecord } from './quarantine-list';
export { createQuarantineList } from './quarantine-list';
export type { DiffLine } from './line-diff';
export { diffLines, formatDiff } from './line-diff';
export type { PolicyPatch, PolicySetDiff } from './policy-diff';
export { diffPolicySets, policyToYaml } from './policy-diff';
export type { PolicyStore, PolicyVersion, PolicyVersionSummary } from './policy-store';
export { createPolicyStore } from './policy-store';
export type { AccessChange, RecordedDecision, SimulationReport } from './simulate';
export { simulate } from './simulate';
