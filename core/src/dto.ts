/** Body of every API error. */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

/** `GET /healthz`: the process is alive. */
export interface HealthResponse {
  status: 'ok';
  service: string;
  version: string;
  uptimeSeconds: number;
}

export type EngineState = 'ready' | 'unavailable';

/** Readiness of one engine the service depends on. */
export interface EngineReadiness {
  status: EngineState;
  latencyMs: number;
  detail: string;
}

/** `GET /readyz`: can the service do its work now. */
export interface ReadyResponse {
  status: 'ready' | 'not_ready';
  engines: Record<string, EngineReadiness>;
}
