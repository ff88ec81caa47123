import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HalongServer, PresentedCertificate } from '@halong/core/node';
import { createLogger, createMetrics, createPep, createServer } from '@halong/core/node';

const execFileAsync = promisify(execFile);

// Real TLS: certificates from the openssl CLI, a real HTTPS listener, real clients (node and curl).
describe('PEP over a real mutual-TLS connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halong-mtls-'));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  let app: HalongServer;
  let port: number;
  const presented: PresentedCertificate[] = [];

  beforeAll(async () => {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test CA');
    ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-out', 'server.pem', '-days', '1');
    ssl('req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=collector-1');
    ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-out', 'client.pem', '-days', '1');
    app = createServer({
      service: 'mtls-test',
      version: '0',
      logger: createLogger('mtls-test', 'silent'),
      metrics: createMetrics({ defaultMetrics: false }),
      https: { cert: readFileSync(f('server.pem')), key: readFileSync(f('server.key')), requestCert: true },
      authorize: createPep({
        authorizer: { evaluate: async (r) => ({ decision: r.subject.id === 'collector-1' }) },
        verifyCertificate: async (cert) => {
          presented.push(cert);
          return { ok: true, principal: { type: 'collector', id: 'collector-1', properties: {} } };
        },
      }),
    });
    app.get('/api/whoami', async (req) => ({ id: req.principal?.id }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the client certificate and its RFC 8705 thumbprint, and the PEP allows the workload (node client)', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port, path: '/api/whoami', cert: readFileSync(f('client.pem')), key: readFileSync(f('client.key')), ca: readFileSync(f('ca.pem')), rejectUnauthorized: false },
        (res) => {
          let data = '';
          res.on('data', (d: Buffer) => (data += d.toString()));
          res.on('end', () => resolve(`${res.statusCode} ${data}`));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('200 {"id":"collector-1"}');
    const der = execFileSync('openssl', ['x509', '-in', f('client.pem'), '-outform', 'DER']);
    expect(presented.at(-1)!.thumbprint).toBe(createHash('sha256').update(der).digest('base64url'));
    expect(presented.at(-1)!.chain[0]!.equals(der)).toBe(true);
  });

  it('answers 401 to curl without a client certificate, and 200 with one', async () => {
    // Async: a synchronous child would block the event loop this server answers on.
    const curl = async (...args: string[]) =>
      (await execFileAsync('curl', ['-sk', '--max-time', '10', '-o', '/dev/null', '-w', '%{http_code}', ...args, `https://127.0.0.1:${port}/api/whoami`])).stdout;
    expect(await curl()).toBe('401');
    expect(await curl('--cert', f('client.pem'), '--key', f('client.key'))).toBe('200');
  });
});
