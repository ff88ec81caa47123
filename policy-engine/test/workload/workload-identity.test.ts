import { X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueServerCertificate } from '../../src/pki/issue-server-certificate';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { trustBundlePem } from '../../src/pki/trust-bundle';
import { WorkloadIdentityError } from '../../src/workload/errors';
import { loadOrEnrolWorkload, renewalDue } from '../../src/workload/workload-identity';
import { KEYGEN_TIMEOUT_MS, TRUST_DOMAIN, makeCa } from '../pki/support/fixtures';

// A stand-in for the policy engine's enrolment endpoints over real HTTPS: what matters here is
// the workload side (key, CSR, storage, renewal with its own certificate on the TLS connection).
let ca: NewCertificateAuthority;
let server: Server;
let url: string;
const calls: { path: string; peerSerial?: string }[] = [];
const LIFETIME_MS = 3 * 3_600_000;

beforeAll(async () => {
  ca = await makeCa(TRUST_DOMAIN, new Date());
  const tls = issueServerCertificate({ ca, ipAddresses: ['127.0.0.1'], now: new Date() });
  server = createServer({ cert: tls.chainPem, key: tls.privateKey.export({ type: 'pkcs8', format: 'pem' }), ca: trustBundlePem(ca), requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { join_token?: string; csr: string };
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        calls.push({ path: req.url ?? '', ...(peer.serialNumber ? { peerSerial: peer.serialNumber } : {}) });
        const renewing = req.url === '/pki/v1/renew' && (req.socket as TLSSocket).authorized;
        if (!renewing && body.join_token !== 'good-token') {
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'HALONG_ENROL_TOKEN_INVALID', message: 'The join token is unknown, used or expired.' }));
          return;
        }
        const issued = await issueWorkloadCertificate({ ca, csrPem: body.csr, identity: { kind: 'service', site: 'hue', name: 'gateway-1' }, now: new Date(), lifetimeMs: LIFETIME_MS });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ chain: issued.chainPem, trust_bundle: trustBundlePem(ca), serial: issued.serialNumber }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
}, KEYGEN_TIMEOUT_MS);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = (dir: string, extra: { joinToken?: string; clock?: () => Date } = {}) => ({ dir, pdpUrl: url, trustBundlePem: trustBundlePem(ca), ...extra });

it('without a stored certificate or a join token there is nothing to prove itself with', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wl-')), 'id');
  await expect(loadOrEnrolWorkload(options(dir))).rejects.toMatchObject({ code: 'HALONG_WORKLOAD_NO_CREDENTIAL', message: expect.stringContaining('HALONG_JOIN_TOKEN') });
});

it('a refused join token is reported with the engine’s code', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wl-')), 'id');
  const err = await loadOrEnrolWorkload(options(dir, { joinToken: 'spent' })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkloadIdentityError);
  expect(err).toMatchObject({ code: 'HALONG_WORKLOAD_ENROL_REFUSED', message: expect.stringContaining('401 HALONG_ENROL_TOKEN_INVALID') });
});

it('enrols once, keeps the key 0600, reuses it without a token, and renews with itself two thirds into its life', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wl-')), 'id');
  const first = await loadOrEnrolWorkload(options(dir, { joinToken: 'good-token' }));
  expect(first.spiffeId).toBe(`spiffe://${TRUST_DOMAIN}/service/hue/gateway-1`);
  expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
  expect(statSync(dir).mode & 0o777).toBe(0o700);

  const before = calls.length;
  const again = await loadOrEnrolWorkload(options(dir));
  expect(calls.length).toBe(before);
  expect(again.chainPem).toBe(first.chainPem);

  const due = renewalDue(first);
  expect(due.getTime() - first.notBefore.getTime()).toBeCloseTo(((first.notAfter.getTime() - first.notBefore.getTime()) * 2) / 3, -3);
  const renewed = await loadOrEnrolWorkload(options(dir, { clock: () => new Date(due.getTime() + 1000) }));
  const last = calls[calls.length - 1]!;
  expect(last.path).toBe('/pki/v1/renew');
  // The old certificate was the credential on the TLS connection; the new one has its own key.
  expect(last.peerSerial).toBe(new X509Certificate(first.chainPem).serialNumber);
  expect(new X509Certificate(renewed.chainPem).serialNumber).not.toBe(new X509Certificate(first.chainPem).serialNumber);
  expect(renewed.keyPem).not.toBe(first.keyPem);
  expect((await loadOrEnrolWorkload(options(dir))).chainPem).toBe(renewed.chainPem);
});
