// A whole policy engine wired with in-memory fakes for Kafka and OpenSearch, served through
// the same createServer every Halong service uses, for app.inject() tests.
import { randomBytes } from 'node:crypto';
import type { AuditEntry, Decision } from '@halong/core';
import { createLogger, createServer } from '@halong/core/node';
import type { HalongServer } from '@halong/core/node';
import { EnrolmentError } from '../../src/enrolment/errors';
import type { AuditChange } from '../../src/http/admin-options';
import type { IssuedRecord } from '../../src/http/enrolment-routes';
import type { RecordedDecision } from '../../src/pdp/simulate';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import type { WorkloadName } from '../../src/pki/spiffe-id';
import { controlTokenRevocations } from '../../src/service/control-state';
import { DEFAULT_POLICY_SOURCES } from '../../src/service/default-policies';
import type { PolicyService } from '../../src/service/policy-service';
import { createPolicyService } from '../../src/service/policy-service';
import { createMemoryAccountStore } from '../../src/tokens/account-store';
import { createTokenIssuer } from '../../src/tokens/issuer';
import { createLocalAccount } from '../../src/tokens/local-accounts';
import { createMemoryRefreshTokenStore } from '../../src/tokens/refresh-token-store';
import { createRefreshTokenService } from '../../src/tokens/refresh-tokens';
import { createSignInService } from '../../src/tokens/sign-in';
import { generateSigningKey } from '../../src/tokens/signing-key';
import { createTokenVerifier } from '../../src/tokens/verifier';
import type { MemoryControl } from './memory-control';
import { createMemoryControl } from './memory-control';

export const PASSWORD = 'Hạ Long bay at dawn 2026';
const FAST = { N: 2 ** 10, r: 8, p: 1 };

export interface Harness {
  app: HalongServer;
  service: PolicyService;
  control: MemoryControl;
  decisions: Decision[];
  audit: AuditChange[];
  issued: IssuedRecord[];
  clock: { now: Date; advance(ms: number): void };
  signIn(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(ca: NewCertificateAuthority, start = new Date(), logLines?: string[]): Promise<Harness> {
  const clock = { now: start, advance: (ms: number) => void (clock.now = new Date(clock.now.getTime() + ms)) };
  const now = () => clock.now;
  const control = createMemoryControl(now);
  const accounts = createMemoryAccountStore();
  const secs = () => now().getTime();
  const issuer = createTokenIssuer({ issuer: 'https://halong.test', audience: 'halong', signingKey: await generateSigningKey(), clock: secs });
  const verifier = createTokenVerifier({ issuer: 'https://halong.test', audience: 'halong', keys: { kind: 'jwks', jwks: () => issuer.jwks() }, clock: secs, revocations: controlTokenRevocations(control, now) });
  const signIn = createSignInService({ accounts, issuer, refreshTokens: createRefreshTokenService({ store: createMemoryRefreshTokenStore(), clock: secs }), hashParams: FAST });
  for (const [username, roles] of [['admin', ['admin']], ['lan', ['analyst']], ['minh', ['intern']]] as const) {
    await createLocalAccount(accounts, { username, password: PASSWORD, roles: [...roles] }, FAST);
  }
  const decisions: Decision[] = [];
  const audit: AuditChange[] = [];
  const issued: IssuedRecord[] = [];
  const tokens = new Map<string, { identity: WorkloadName; used: boolean }>();
  let seq = 0;
  const service = await createPolicyService({
    ca: () => ca,
    control,
    clock: now,
    logger: createLogger('policy-engine', 'silent'),
    certLifetimeMs: 3_600_000,
    tokens: { issuer, verifiers: [verifier], signIn },
    joinTokens: {
      async issue(input) {
        const id = randomBytes(8).toString('hex');
        tokens.set(id, { identity: { kind: input.kind, site: input.site, name: input.name }, used: false });
        return { id, token: `hjt_${id}.secret`, expiresAt: new Date(now().getTime() + 3_600_000) };
      },
      async redeem(token) {
        const id = /^hjt_([0-9a-f]+)\.secret$/.exec(token)?.[1];
        const t = id ? tokens.get(id) : undefined;
        if (!t || t.used) throw new EnrolmentError('HALONG_ENROL_TOKEN_UNKNOWN');
        t.used = true;
        return { identity: t.identity, tokenId: id! };
      },
      list: async () => [...tokens.keys()].map((id) => ({ id })),
      revoke: async (id) => tokens.delete(id),
    },
    identities: {
      record: async (e) => void issued.push(e),
      list: async () => [...issued].reverse(),
      get: async (serial) => issued.find((e) => e.serial === serial),
      markRevoked: async () => undefined,
    },
    decisions: {
      search: async (q) => ({ total: decisions.length, decisions: decisions.slice(-q.limit) }),
      recent: async () => decisions as RecordedDecision[],
    },
    audit: {
      record: async (change) => {
        audit.push(change);
        return { seq: ++seq, '@timestamp': now().toISOString(), ...change, prev_hash: '', hash: '' } as AuditEntry;
      },
      read: async () => [],
      verify: () => ({ ok: true, count: 0 }),
    },
    logDecision: (d) => void decisions.push(d),
    risk: { halfLifeMs: 3_600_000, quarantineScore: 80, quarantineTtlMs: 3_600_000 },
    initialPolicies: DEFAULT_POLICY_SOURCES,
    baseUrl: () => 'https://127.0.0.1:8443',
  });
  const logger = logLines ? createLogger('policy-engine', 'info', { write: (line: string) => void logLines.push(line) }) : createLogger('policy-engine', 'silent');
  const app = createServer({ service: 'policy-engine', version: 'test', logger, authorize: service.authorize });
  await service.register(app);
  await app.ready();
  return {
    app,
    service,
    control,
    decisions,
    audit,
    issued,
    clock,
    async signIn(username) {
      const res = await app.inject({ method: 'POST', url: '/auth/v1/sign-in', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.statusCode} ${res.body}`);
      return res.json<{ access_token: string }>().access_token;
    },
    close: () => app.close(),
  };
}
