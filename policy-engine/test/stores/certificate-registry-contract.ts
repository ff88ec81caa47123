// One behavioural suite for every IssuedCertificateRegistry: the memory registry runs it as a
// unit test, the OpenSearch registry against the real engine, so both answer the same way.
import type { IssuedCertificateRegistry, NewIssuedCertificate } from '../../src/stores/certificate-registry';
import type { WorkloadKind } from '../../src/pki/spiffe-id';
import { PkiError } from '../../src/pki/errors';

export interface RegistryUnderTest {
  readonly registry: IssuedCertificateRegistry;
  /** Makes every write visible to `list` (a refresh for OpenSearch). */
  settle(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;

/** A certificate entry issued `minutes` after T0. */
export function certificate(serial: string, minutes: number, where: { kind?: WorkloadKind; site?: string; name?: string } = {}): NewIssuedCertificate {
  const kind = where.kind ?? 'collector';
  const site = where.site ?? 'ha-long';
  const name = where.name ?? 'syslog-1';
  const issuedAt = new Date(T0 + minutes * 60_000);
  return {
    serial, kind, site, name,
    spiffeId: `spiffe://halong.test/${kind}/${site}/${name}`,
    notBefore: new Date(issuedAt.getTime() - 60_000),
    notAfter: new Date(issuedAt.getTime() + 12 * HOUR),
    issuedAt,
    enrolledWith: 'join-token',
    joinTokenId: `jt-${serial}`,
  };
}

export function describeRegistryContract(name: string, make: () => Promise<RegistryUnderTest>): void {
  describe(`${name}: issued certificate registry contract`, () => {
    it('records an entry and gets it back by any spelling of its serial', async () => {
      const { registry } = await make();
      const entry = { ...certificate('00AB:CD:01', 0), enrolledWith: 'renewal' as const, joinTokenId: undefined };
      await registry.record(entry);
      const found = await registry.get('0xabcd01');
      expect(found).toEqual({ ...entry, serial: 'abcd01', joinTokenId: undefined });
      expect(found).not.toHaveProperty('joinTokenId');
      expect(found?.notAfter).toBeInstanceOf(Date);
      expect(await registry.get('ab:cd:01')).toEqual(found);
      expect(await registry.get('ffff')).toBeUndefined();
    });

    it('refuses to record a serial twice', async () => {
      const { registry } = await make();
      await registry.record(certificate('0a0b', 0));
      await expect(registry.record(certificate('0A:0B', 5, { name: 'other' }))).rejects.toThrow(/0a0b is recorded already/);
      expect((await registry.get('a0b'))?.name).toBe('syslog-1');
    });

    it('lists newest first, ties by serial, within the limit', async () => {
      const { registry, settle } = await make();
      for (const [serial, minutes] of [['01', 10], ['02', 30], ['04', 20], ['03', 20], ['05', 0]] as const) {
        await registry.record(certificate(serial, minutes, { name: `n${serial}` }));
      }
      await settle();
      expect((await registry.list()).map((e) => e.serial)).toEqual(['02', '03', '04', '01', '05']);
      expect((await registry.list({ limit: 2 })).map((e) => e.serial)).toEqual(['02', '03']);
    });

    it('filters by SPIFFE ID, site and kind, all together when several are given', async () => {
      const { registry, settle } = await make();
      await registry.record(certificate('11', 1, { kind: 'collector', site: 'ha-long', name: 'a' }));
      await registry.record(certificate('12', 2, { kind: 'device', site: 'ha-long', name: 'cam-1' }));
      await registry.record(certificate('13', 3, { kind: 'collector', site: 'cam-pha', name: 'a' }));
      await registry.record(certificate('14', 4, { kind: 'collector', site: 'ha-long', name: 'a' }));
      await settle();
      const serials = async (query: Parameters<IssuedCertificateRegistry['list']>[0]) => (await registry.list(query)).map((e) => e.serial);
      expect(await serials({ site: 'ha-long' })).toEqual(['14', '12', '11']);
      expect(await serials({ kind: 'collector' })).toEqual(['14', '13', '11']);
      expect(await serials({ spiffeId: 'spiffe://halong.test/collector/ha-long/a' })).toEqual(['14', '11']);
      expect(await serials({ kind: 'device', site: 'cam-pha' })).toEqual([]);
      expect(await serials({ kind: 'collector', site: 'cam-pha', limit: 5 })).toEqual(['13']);
    });

    it('marks a certificate revoked once, keeping the first time and reason', async () => {
      const { registry, settle } = await make();
      await registry.record(certificate('21', 0));
      const at = new Date(T0 + HOUR);
      expect(await registry.markRevoked('0x21', 'keyCompromise', at)).toBe(true);
      expect(await registry.markRevoked('21', 'superseded', new Date(T0 + 2 * HOUR))).toBe(false);
      expect(await registry.markRevoked('99', 'superseded', at)).toBe(false);
      expect(await registry.get('21')).toMatchObject({ revokedAt: at, revocationReason: 'keyCompromise' });
      await settle();
      expect((await registry.list())[0]).toMatchObject({ serial: '21', revokedAt: at, revocationReason: 'keyCompromise' });
    });

    it('refuses malformed entries, queries and revocations', async () => {
      const { registry } = await make();
      const good = certificate('31', 0);
      await expect(registry.record({ ...good, serial: 'xyz' })).rejects.toThrow(PkiError);
      await expect(registry.record({ ...good, site: 'cam-pha' })).rejects.toThrow(/spiffeId/);
      await expect(registry.record({ ...good, spiffeId: 'https://halong.test/collector/ha-long/syslog-1' })).rejects.toThrow(PkiError);
      await expect(registry.record({ ...good, kind: 'printer' as WorkloadKind })).rejects.toThrow(/kind/);
      await expect(registry.record({ ...good, joinTokenId: undefined })).rejects.toThrow(/joinTokenId/);
      await expect(registry.record({ ...good, enrolledWith: 'magic' as 'renewal' })).rejects.toThrow(/enrolledWith/);
      await expect(registry.record({ ...good, notAfter: good.notBefore })).rejects.toThrow(/notAfter/);
      await expect(registry.record({ ...good, issuedAt: new Date(Number.NaN) })).rejects.toThrow(/issuedAt/);
      for (const limit of [0, 1001, 2.5]) await expect(registry.list({ limit })).rejects.toThrow(RangeError);
      await expect(registry.markRevoked('31', 'becauseISaidSo' as 'unspecified', new Date())).rejects.toThrow(/reason/);
      await registry.record(good);
      await expect(registry.markRevoked('31', 'unspecified', new Date('nope'))).rejects.toThrow(/at/);
      expect((await registry.get('31'))?.revokedAt).toBeUndefined();
    });

    it('hands out copies: changing a returned entry changes nothing stored', async () => {
      const { registry } = await make();
      const entry = certificate('41', 0);
      await registry.record(entry);
      (entry.notAfter as Date).setTime(0);
      const found = await registry.get('41');
      (found!.issuedAt as Date).setTime(0);
      expect((await registry.get('41'))?.issuedAt).toEqual(new Date(T0));
      expect((await registry.get('41'))?.notAfter).toEqual(new Date(T0 + 12 * HOUR));
    });
  });
}
