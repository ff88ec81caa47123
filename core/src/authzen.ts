/** An AuthZEN subject or resource: a typed id with optional attributes. */
export interface AuthzenEntity {
  type: string;
  id: string;
  properties?: Record<string, unknown>;
}

/** `POST /access/v1/evaluation` request (AuthZEN Authorization API 1.0). */
export interface AuthzenEvaluationRequest {
  subject: AuthzenEntity;
  resource: AuthzenEntity;
  action: { name: string; properties?: Record<string, unknown> };
  context?: Record<string, unknown>;
}

/** `POST /access/v1/evaluation` response: a boolean decision and an optional context with reasons. */
export interface AuthzenEvaluationResponse {
  decision: boolean;
  context?: {
    id?: string;
    /** Reasons for administrators, keyed by language (e.g. `{ en: "..." }`). */
    reason_admin?: Record<string, string>;
    /** Reasons safe to show the caller, keyed by language. */
    reason_user?: Record<string, string>;
    [key: string]: unknown;
  };
}
