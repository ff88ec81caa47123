import { execFile } from 'node:child_process';
import type { JSONWebKeySet } from 'jose';
import { createLogger, createMetrics, createPep } from '@halong/core/node';
import type { HalongServer } from '@halong/core/node';
import { createGateway } from '../../src/gateway/create-gateway';
import { createIdentityAssertionSigner } from '../../src/gateway/identity-signer';
import { parseGatewayRoutes } from '../../src/gateway/parse-routes';
import { verifyIdentityAssertion } from '../../src/gateway/verify-identity-assertion';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueServerCertificate } from '../../src/pki/issue-server-certificate';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { parseTrustBundle, trustBundlePem } from '../../src/pki/trust-bundle';
import { KEYGEN_TIMEOUT_MS, makeCa, opensslEcCsr, TRUST_DOMAIN } from '../pki/support/fixtures';
import { Scratch } from '../pki/support/openssl';
import { halongCertificateVerifier } from './support/certificate-principal';
import { ISSUER, signingKey } from './support/gateway';
import { listen } from './support/http-client';
import type { Upstream } from './support/upstream';
import { startUpstream } from './support/upstream';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a real client without a shell; never synchronously, since this process serves the gateway. */
function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
    child.stdin?.end(); // s_client quits once stdin is closed and the handshake is done
  });
}

// Real TLS end to end: a Halong CA issues the gateway's server certificate and the collectors'
// client certificates (from openssl CSRs); curl and openssl s_client are the clients.
describe('the gateway over HTTPS with client certificates, with real clients', () => {
  const scratch = new Scratch();
  let ca: NewCertificateAuthority;
  let hue: IssuedWorkloadCertificate;
  let upstream: Upstream;
  let app: HalongServer;
  let port: number;
  const asked: string[] = [];

  beforeAll(async () => {
    // curl and openssl check validity against the real clock, so the certificates are issued now.
    const now = new Date();
    let foreign: NewCertificateAuthority;
    [ca, foreign] = await Promise.all([makeCa(TRUST_DOMAIN, now), makeCa(TRUST_DOMAIN, now)]);
    const server = issueServerCertificate({ ca, ipAddresses: ['127.0.0.1'], now });
    scratch.write('server.pem', server.chainPem);
    scratch.write('root.pem', ca.rootCertificatePem);
    scratch.write('foreign-root.pem', foreign.rootCertificatePem);
    const issue = async (name: string, site: string, by: NewCertificateAuthority): Promise<IssuedWorkloadCertificate> => {
      const issued = await issueWorkloadCertificate({ ca: by, csrPem: opensslEcCsr(scratch, name), identity: { kind: 'collector', site, name }, now });
      scratch.write(`${name}.pem`, issued.chainPem);
      return issued;
    };
    hue = await issue('hue-syslog', 'hue', ca);
    await issue('danang-syslog', 'danang', ca);
    await issue('alien-syslog', 'hue', foreign);

    upstream = await startUpstream();
    app = createGateway({
      routes: parseGatewayRoutes(`- {name: events, prefix: /apps/events, upstream: "${upstream.url}"}\n`, 'routes.yaml'),
      version: 'test',
      logger: createLogger('gateway-mtls-test', 'silent'),
      metrics: createMetrics({ defaultMetrics: false }),
      https: { cert: server.chainPem, key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }), ca: trustBundlePem(ca), requestCert: true },
      signer: createIdentityAssertionSigner({ issuer: ISSUER, keys: await signingKey() }),
      authorize: createPep({
        verifyCertificate: halongCertificateVerifier({ trustBundle: parseTrustBundle(trustBundlePem(ca)), trustDomain: TRUST_DOMAIN }),
        // A tiny PDP: collectors of site hue only.
        authorizer: {
          evaluate: async (request) => {
            asked.push(request.subject.id);
            return { decision: request.subject.type === 'collector' && request.subject.properties?.['site'] === 'hue' };
          },
        },
      }),
    });
    port = await listen(app);
  }, KEYGEN_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
    scratch.remove();
  });

  beforeEach(() => {
    upstream.seen.length = 0;
    asked.length = 0;
  });

  /** curl verifying the gateway against the Halong root; answers the status and the body. */
  async function curl(path: string, ...args: string[]): Promise<{ status: number; body: string }> {
    const result = await run('curl', ['-sS', '--max-time', '15', '--cacert', scratch.path('root.pem'), '-w', '\n%{http_code}', ...args, `https://127.0.0.1:${port}${path}`]);
    expect(result.stderr).toBe('');
    const cut = result.stdout.lastIndexOf('\n');
    return { status: Number(result.stdout.slice(cut + 1)), body: result.stdout.slice(0, cut) };
  }
  const withCertificate = (name: string): string[] => ['--cert', scratch.path(`${name}.pem`), '--key', scratch.path(`${name}.key`)];

  it('lets a collector of site hue through to the upstream, which verifies the assertion bound to its certificate', async () => {
    const res = await curl('/apps/events/ingest?batch=1', ...withCertificate('hue-syslog'), '--data-binary', '{"message":"sshd: accepted"}', '-H', 'content-type: application/json');
    expect(res.status).toBe(200);
    expect(upstream.seen.map((s) => [s.method, s.url, s.body.toString()])).toEqual([['POST', '/ingest?batch=1', '{"message":"sshd: accepted"}']]);
    const headers = upstream.seen[0]!.headers;
    expect(headers['x-forwarded-proto']).toBe('https');
    const jwks = await curl('/.well-known/halong-gateway-jwks.json');
    expect(jwks.status).toBe(200);
    const identity = await verifyIdentityAssertion(String(headers['x-halong-identity']), JSON.parse(jwks.body) as JSONWebKeySet, { audience: 'events', issuer: ISSUER });
    expect(identity).toMatchObject({
      subject: 'spiffe://halong.local/collector/hue/hue-syslog',
      kind: 'collector',
      site: 'hue',
      spiffeId: 'spiffe://halong.local/collector/hue/hue-syslog',
      certificateThumbprint: hue.fingerprintSha256,
    });
  });

  it('answers 401 to curl without a certificate, and the upstream never sees it', async () => {
    const res = await curl('/apps/events/ingest');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('HALONG_AUTH_UNAUTHENTICATED');
    expect(upstream.seen).toHaveLength(0);
    expect(asked).toHaveLength(0);
  });

  it('answers 401 to a certificate of a foreign CA, even one naming an allowed identity', async () => {
    const res = await curl('/apps/events/ingest', ...withCertificate('alien-syslog'));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('HALONG_PKI_FOREIGN_CA');
    expect(upstream.seen).toHaveLength(0);
    expect(asked).toHaveLength(0);
  });

  it('answers 403 to a Halong collector the policy does not allow', async () => {
    const res = await curl('/apps/events/ingest', ...withCertificate('danang-syslog'));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('HALONG_AUTH_FORBIDDEN');
    expect(asked).toEqual(['spiffe://halong.local/collector/danang/danang-syslog']);
    expect(upstream.seen).toHaveLength(0);
  });

  it('completes an mTLS handshake with openssl s_client, which verifies the gateway certificate (and only against the Halong root)', async () => {
    const handshake = (caFile: string) =>
      run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-cert', scratch.path('hue-syslog.pem'), '-key', scratch.path('hue-syslog.key'), '-CAfile', scratch.path(caFile), '-verify_ip', '127.0.0.1']);
    const good = await handshake('root.pem');
    expect(good.stdout).toContain('Verify return code: 0 (ok)');
    expect(good.stdout).toMatch(/Acceptable client certificate CA names[\s\S]*CN ?= ?Halong Root CA/);
    const wrong = await handshake('foreign-root.pem');
    expect(wrong.stdout).not.toContain('Verify return code: 0 (ok)');
    expect(wrong.stdout).toMatch(/Verify return code: (2|20|21) /);
  });
});
