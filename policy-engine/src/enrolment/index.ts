// Public API of enrolment: one-time join tokens, their stores and their service.
export type { EnrolmentErrorCode } from './errors';
export { EnrolmentError, EnrolmentErrorCodes } from './errors';
export { JOIN_TOKEN_LENGTH, JOIN_TOKEN_PREFIX, hashJoinToken, isJoinTokenId, joinTokenId, joinTokenMatches, mintJoinToken } from './join-token';
export type { JoinTokenRecord, JoinTokenStore } from './join-token-store';
export { createMemoryJoinTokenStore } from './join-token-store';
export type { OpenSearchJoinTokenStoreOptions } from './opensearch-join-token-store';
export { MAX_LISTED_JOIN_TOKENS, createOpenSearchJoinTokenStore, joinTokenIndexBody } from './opensearch-join-token-store';
export type {
  IssueJoinTokenRequest,
  IssuedJoinToken,
  JoinTokenService,
  JoinTokenServiceOptions,
  JoinTokenState,
  JoinTokenSummary,
  RedeemedJoinToken,
} from './join-token-service';
export { DEFAULT_JOIN_TOKEN_TTL_SECONDS, MAX_JOIN_TOKEN_TTL_SECONDS, createJoinTokenService } from './join-token-service';
