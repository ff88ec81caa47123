import { controlCrlEntries, controlDenylist, controlQuarantine, controlTokenRevocations, revocationId } from '../../src/service/control-state';
import { createMemoryControl } from '../support/memory-control';

const NOW = new Date('2026-11-23T08:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('control state', () => {
  it('denies revoked serials (canonical form) and identities until the record expires', async () => {
    let now = NOW;
    const control = createMemoryControl(() => now);
    const denylist = controlDenylist(control, () => now);
    expect(revocationId('serial', 'AB:CD')).toBe('serial:abcd');
    await control.set({ kind: 'revocation', id: revocationId('serial', 'AB:CD'), data: { type: 'serial', value: 'abcd', reason: 'keyCompromise', revokedAt: NOW.toISOString() }, at: NOW.toISOString(), by: 'admin', until: later(60_000).toISOString() });
    await control.set({ kind: 'revocation', id: revocationId('spiffe-id', 'spiffe://halong.local/device/hue/cam-1'), data: { type: 'spiffe-id', value: 'spiffe://halong.local/device/hue/cam-1', reason: 'unspecified', revokedAt: NOW.toISOString() }, at: NOW.toISOString(), by: 'admin', until: later(120_000).toISOString() });
    expect(denylist.serials.has('abcd')).toBe(true);
    expect(denylist.serials.has('abce')).toBe(false);
    expect(denylist.spiffeIds.has('spiffe://halong.local/device/hue/cam-1')).toBe(true);
    expect(controlCrlEntries(control, now)).toEqual([
      { type: 'serial', value: 'abcd', reason: 'keyCompromise', revokedAt: NOW, expiresAt: later(60_000) },
    ]);
    now = later(60_000);
    expect(denylist.serials.has('abcd')).toBe(false);
    expect(controlCrlEntries(control, now)).toEqual([]);
    expect(denylist.spiffeIds.has('spiffe://halong.local/device/hue/cam-1')).toBe(true);
  });

  it('revokes token ids through the control topic, until the token expires', async () => {
    let now = NOW;
    const control = createMemoryControl(() => now);
    const store = controlTokenRevocations(control, () => now, 'admin');
    await store.revoke('jti-1', Math.floor(later(30_000).getTime() / 1000));
    expect(store.isRevoked('jti-1')).toBe(true);
    expect(store.isRevoked('jti-2')).toBe(false);
    expect(control.sets[0]).toMatchObject({ kind: 'token_revocation', id: 'jti-1', by: 'admin' });
    now = later(30_000);
    expect(store.isRevoked('jti-1')).toBe(false);
  });

  it('reads quarantines by entity with their TTL; a tombstone lifts them', async () => {
    const control = createMemoryControl(() => NOW);
    const quarantine = controlQuarantine(control, () => NOW);
    await control.set({ kind: 'quarantine', id: 'host:web-01', data: { entity: { kind: 'host', id: 'web-01' }, reason: 'ransomware' }, at: NOW.toISOString(), by: 'soc', until: later(3_600_000).toISOString() });
    expect(quarantine({ kind: 'host', id: 'web-01' })).toEqual({ reason: 'ransomware', until: later(3_600_000).getTime() });
    expect(quarantine({ kind: 'host', id: 'web-02' })).toBeUndefined();
    await control.remove('quarantine', 'host:web-01');
    expect(quarantine({ kind: 'host', id: 'web-01' })).toBeUndefined();
  });
});
