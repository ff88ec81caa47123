import { createHash } from 'node:crypto';
import type { IssueJoinTokenRequest } from '../../src/enrolment/join-token-service';
import type { JoinTokenStore } from '../../src/enrolment/join-token-store';
import { EnrolmentError } from '../../src/enrolment/errors';
import { createJoinTokenService } from '../../src/enrolment/join-token-service';
import { createMemoryJoinTokenStore } from '../../src/enrolment/join-token-store';
import { START, testClock } from './support';

const COLLECTOR: IssueJoinTokenRequest = { kind: 'collector', site: 'commune-3', name: 'syslog-01', createdBy: 'admin:lan' };
const HOUR_MS = 3600 * 1000;

function setup(options: { defaultTtlSeconds?: number; maxTtlSeconds?: number } = {}) {
  const time = testClock();
  const store = createMemoryJoinTokenStore();
  const service = createJoinTokenService({ store, clock: time.clock, ...options });
  return { time, store, service };
}

/** The error a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<EnrolmentError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnrolmentError);
  return error as EnrolmentError;
}

const secretOf = (token: string) => token.slice(token.indexOf('.') + 1);

describe('join token service', () => {
  it('issues hjt_<16-byte id>.<32-byte secret>, valid 24 hours by default, for exactly the identity asked', async () => {
    const { service } = setup();
    const issued = await service.issue(COLLECTOR);
    expect(issued.token).toMatch(/^hjt_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(issued.token.startsWith(`hjt_${issued.id}.`)).toBe(true);
    expect(Buffer.from(issued.id, 'base64url')).toHaveLength(16);
    expect(Buffer.from(secretOf(issued.token), 'base64url')).toHaveLength(32);
    expect(issued.expiresAt).toEqual(new Date(START.getTime() + 24 * HOUR_MS));
    expect(issued.identity).toEqual({ kind: 'collector', site: 'commune-3', name: 'syslog-01' });
    const other = await service.issue(COLLECTOR);
    expect(other.id).not.toBe(issued.id);
    expect(secretOf(other.token)).not.toBe(secretOf(issued.token));
  });

  it('stores only the SHA-256 of the token, never the token or its secret', async () => {
    const { service, store } = setup();
    const issued = await service.issue(COLLECTOR);
    const record = await store.get(issued.id);
    expect(record).toMatchObject({ id: issued.id, createdBy: 'admin:lan', createdAt: START, expiresAt: issued.expiresAt });
    expect(record!.tokenHash).toBe(createHash('sha256').update(issued.token).digest('base64url'));
    const stored = JSON.stringify(await store.list());
    expect(stored).not.toContain(secretOf(issued.token));
    expect(stored).not.toContain(issued.token);
  });

  it('redeems a token once for its identity; the second redeem is HALONG_ENROL_TOKEN_USED', async () => {
    const { service } = setup();
    const issued = await service.issue(COLLECTOR);
    expect(await service.redeem(issued.token)).toEqual({ id: issued.id, identity: issued.identity });
    const second = await failure(service.redeem(issued.token));
    expect(second.code).toBe('HALONG_ENROL_TOKEN_USED');
    expect(second.status).toBe(401);
    expect(second.message).toContain(issued.id);
    expect(second.message).not.toContain(secretOf(issued.token));
  });

  it('lets exactly one of many concurrent redeems win', async () => {
    const { service } = setup();
    const issued = await service.issue(COLLECTOR);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => service.redeem(issued.token)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as EnrolmentError).code] : []));
    expect(codes).toEqual(Array(9).fill('HALONG_ENROL_TOKEN_USED'));
  });

  it('refuses a token at and after its expiry with HALONG_ENROL_TOKEN_EXPIRED', async () => {
    const { service, time } = setup();
    const late = await service.issue(COLLECTOR);
    const onTime = await service.issue({ ...COLLECTOR, name: 'syslog-02', ttlSeconds: 3600 });
    time.advanceMs(HOUR_MS - 1);
    expect((await service.redeem(onTime.token)).identity.name).toBe('syslog-02');
    time.advanceMs(23 * HOUR_MS + 1);
    expect((await failure(service.redeem(late.token))).code).toBe('HALONG_ENROL_TOKEN_EXPIRED');
    time.advanceSeconds(3600);
    expect((await failure(service.redeem(late.token))).code).toBe('HALONG_ENROL_TOKEN_EXPIRED');
  });

  it('refuses malformed tokens before any lookup, whatever their size or type', async () => {
    const get = jest.fn();
    const { service } = setup();
    const issued = await service.issue(COLLECTOR);
    const spy = { ...createMemoryJoinTokenStore(), get };
    const guarded = createJoinTokenService({ store: spy, clock: testClock().clock });
    const valid = issued.token;
    const malformed: unknown[] = [
      '',
      'hjt_',
      valid.replace('hjt_', 'hrt_'),
      valid.slice(0, -1),
      `${valid}A`,
      `${valid} `,
      valid.replace('.', '_'),
      `${valid.slice(0, -1)}=`,
      `${valid.slice(0, -1)}+`,
      `hjt_${'A'.repeat(21)}.${'A'.repeat(44)}`,
      'x'.repeat(1_000_000),
      undefined,
      null,
      42,
      { token: valid },
    ];
    for (const token of malformed) {
      const error = await failure(guarded.redeem(token as string));
      expect(error.code).toBe('HALONG_ENROL_TOKEN_MALFORMED');
      expect(error.message.length).toBeLessThan(200);
    }
    expect(get).not.toHaveBeenCalled();
  });

  it('treats a wrong secret for a right id as unknown and does not spend the token', async () => {
    const { service } = setup();
    const issued = await service.issue(COLLECTOR);
    const forged = `hjt_${issued.id}.${'A'.repeat(43)}`;
    expect((await failure(service.redeem(forged))).code).toBe('HALONG_ENROL_TOKEN_UNKNOWN');
    const otherSecret = secretOf((await service.issue(COLLECTOR)).token);
    expect((await failure(service.redeem(`hjt_${issued.id}.${otherSecret}`))).code).toBe('HALONG_ENROL_TOKEN_UNKNOWN');
    expect((await service.redeem(issued.token)).id).toBe(issued.id);
  });

  it('refuses an unknown id', async () => {
    const { service } = setup();
    expect((await failure(service.redeem(`hjt_${'B'.repeat(22)}.${'C'.repeat(43)}`))).code).toBe('HALONG_ENROL_TOKEN_UNKNOWN');
  });

  it('revokes a token so it can no longer be redeemed', async () => {
    const { service } = setup();
    const issued = await service.issue(COLLECTOR);
    expect(await service.revoke(issued.id)).toBe(true);
    expect(await service.revoke(issued.id)).toBe(false);
    expect(await service.revoke('../../etc')).toBe(false);
    expect((await failure(service.redeem(issued.token))).code).toBe('HALONG_ENROL_TOKEN_UNKNOWN');
    expect(await service.list()).toEqual([]);
  });

  it('reports a token revoked between the check and the take as unknown', async () => {
    const inner = createMemoryJoinTokenStore();
    const racing: JoinTokenStore = {
      ...inner,
      async take(id, at) {
        await inner.delete(id);
        return inner.take(id, at);
      },
    };
    const service = createJoinTokenService({ store: racing, clock: testClock().clock });
    const issued = await service.issue(COLLECTOR);
    expect((await failure(service.redeem(issued.token))).code).toBe('HALONG_ENROL_TOKEN_UNKNOWN');
  });

  it('lists tokens newest first with their state, never the token or its hash', async () => {
    const { service, store, time } = setup();
    const used = await service.issue({ ...COLLECTOR, name: 'used' });
    time.advanceSeconds(60);
    const expired = await service.issue({ ...COLLECTOR, name: 'expired', ttlSeconds: 60 });
    time.advanceSeconds(60);
    const active = await service.issue({ kind: 'device', site: 'ward-1', name: 'camera-7', createdBy: 'admin:mai', ttlSeconds: 7200 });
    await service.redeem(used.token);
    const list = await service.list();
    expect(list.map((t) => [t.id, t.state])).toEqual([
      [active.id, 'active'],
      [expired.id, 'expired'],
      [used.id, 'used'],
    ]);
    expect(list[0]).toEqual({
      id: active.id,
      identity: { kind: 'device', site: 'ward-1', name: 'camera-7' },
      createdBy: 'admin:mai',
      createdAt: new Date(START.getTime() + 120_000),
      expiresAt: new Date(START.getTime() + 120_000 + 2 * HOUR_MS),
      state: 'active',
    });
    expect(list[2]!.usedAt).toEqual(new Date(START.getTime() + 120_000));
    const shown = JSON.stringify(list);
    for (const issued of [used, expired, active]) {
      expect(shown).not.toContain(secretOf(issued.token));
      expect(shown).not.toContain((await store.get(issued.id))!.tokenHash);
    }
    for (const entry of list) {
      expect(Object.keys(entry).sort()).toEqual(['createdAt', 'createdBy', 'expiresAt', 'id', 'identity', 'state', ...(entry.usedAt ? ['usedAt'] : [])].sort());
    }
  });

  it('validates the identity with the SPIFFE segment rules', async () => {
    const { service } = setup();
    const bad: Partial<IssueJoinTokenRequest>[] = [
      { kind: 'admin' as never },
      { kind: undefined },
      { site: 'Commune-3' },
      { site: '..' },
      { site: 'a/b' },
      { site: '' },
      { site: undefined },
      { name: 'x'.repeat(64) },
      { name: 'syslog 01' },
      { name: 42 as never },
    ];
    for (const override of bad) {
      expect((await failure(service.issue({ ...COLLECTOR, ...override } as IssueJoinTokenRequest))).code).toBe('HALONG_ENROL_INVALID_IDENTITY');
    }
    expect((await service.issue({ ...COLLECTOR, name: 'x'.repeat(63) })).identity.name).toHaveLength(63);
    expect((await failure(service.issue(null as never))).code).toBe('HALONG_ENROL_INVALID_REQUEST');
  });

  it('requires createdBy', async () => {
    const { service } = setup();
    for (const createdBy of ['', undefined, 'x'.repeat(257), 7]) {
      expect((await failure(service.issue({ ...COLLECTOR, createdBy } as IssueJoinTokenRequest))).code).toBe('HALONG_ENROL_INVALID_REQUEST');
    }
  });

  it('bounds the lifetime: whole seconds, at most 7 days', async () => {
    const { service } = setup();
    expect((await service.issue({ ...COLLECTOR, ttlSeconds: 7 * 24 * 3600 })).expiresAt).toEqual(new Date(START.getTime() + 7 * 24 * HOUR_MS));
    for (const ttlSeconds of [0, -1, 1.5, 7 * 24 * 3600 + 1, Number.NaN, '3600' as never]) {
      expect((await failure(service.issue({ ...COLLECTOR, ttlSeconds }))).code).toBe('HALONG_ENROL_INVALID_TTL');
    }
  });

  it('takes a configured default and maximum, and refuses configurations past 7 days', async () => {
    const { service } = setup({ defaultTtlSeconds: 600, maxTtlSeconds: 3600 });
    expect((await service.issue(COLLECTOR)).expiresAt).toEqual(new Date(START.getTime() + 600_000));
    expect((await failure(service.issue({ ...COLLECTOR, ttlSeconds: 3601 }))).code).toBe('HALONG_ENROL_INVALID_TTL');
    expect((await setup({ maxTtlSeconds: 3600 }).service.issue(COLLECTOR)).expiresAt).toEqual(new Date(START.getTime() + HOUR_MS));
    const store = createMemoryJoinTokenStore();
    for (const options of [{ maxTtlSeconds: 8 * 24 * 3600 }, { defaultTtlSeconds: 7200, maxTtlSeconds: 3600 }, { defaultTtlSeconds: 0 }]) {
      expect(() => createJoinTokenService({ store, ...options })).toThrow(expect.objectContaining({ code: 'HALONG_ENROL_CONFIG' }));
    }
  });

  it('propagates a store failure on issue and hands out no token', async () => {
    const store = { ...createMemoryJoinTokenStore(), put: jest.fn(async () => Promise.reject(new EnrolmentError('HALONG_ENROL_STORE_FAILED'))) };
    const service = createJoinTokenService({ store, clock: testClock().clock });
    expect((await failure(service.issue(COLLECTOR))).code).toBe('HALONG_ENROL_STORE_FAILED');
  });
});
