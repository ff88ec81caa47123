// A Halong process that is not the policy engine (a standalone gateway, later collectors) proves
// itself with a short-lived workload certificate: enrolled once with a join token, kept on disk
// (key 0600) so a restart needs no new token, renewed with itself before it expires.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PUBLIC_FILE_MODE, SECRET_FILE_MODE, assertSecretFile, ensurePrivateDirectory, writeFileAtomic } from '../pki/secure-files';
import { newKeyAndCsr } from './csr';
import { WorkloadIdentityError } from './errors';
import { httpsJson } from './https-json';

/** What a workload presents: its certificate chain and key (PEM), and the trust bundle it got. */
export interface WorkloadCredentials {
  readonly chainPem: string;
  readonly keyPem: string;
  readonly spiffeId: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly trustBundlePem: string;
}

export interface WorkloadIdentityOptions {
  /** Where the key and certificate are kept (created 0700). */
  readonly dir: string;
  /** The policy engine's base URL (enrolment and renewal endpoints). */
  readonly pdpUrl: string;
  /** The Halong trust bundle: verifies the policy engine's server certificate on first contact. */
  readonly trustBundlePem: string;
  /** One-time join token, used only when no usable certificate is on disk. */
  readonly joinToken?: string;
  readonly clock?: () => Date;
}

const FILES = { key: 'key.pem', chain: 'chain.pem', bundle: 'trust-bundle.pem' };

function describe(chainPem: string, keyPem: string, trustBundlePem: string): WorkloadCredentials {
  const leaf = new X509Certificate(chainPem);
  const uri = /URI:([^,\s]+)/.exec(leaf.subjectAltName ?? '')?.[1];
  if (!uri || !leaf.checkPrivateKey(createPrivateKey(keyPem))) throw new WorkloadIdentityError('HALONG_WORKLOAD_BAD_ANSWER', 'The stored certificate has no SPIFFE id or does not belong to the stored key.');
  return { chainPem, keyPem, spiffeId: uri, notBefore: new Date(leaf.validFrom), notAfter: new Date(leaf.validTo), trustBundlePem };
}

async function readStored(dir: string): Promise<WorkloadCredentials | undefined> {
  try {
    await assertSecretFile(join(dir, FILES.key));
    const [keyPem, chainPem, bundlePem] = await Promise.all([FILES.key, FILES.chain, FILES.bundle].map((f) => readFile(join(dir, f), 'utf8')));
    return describe(chainPem!, keyPem!, bundlePem!);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function store(dir: string, c: WorkloadCredentials): Promise<void> {
  await ensurePrivateDirectory(dir);
  await writeFileAtomic(join(dir, FILES.key), c.keyPem, SECRET_FILE_MODE, { replace: true });
  await writeFileAtomic(join(dir, FILES.chain), c.chainPem, PUBLIC_FILE_MODE, { replace: true });
  await writeFileAtomic(join(dir, FILES.bundle), c.trustBundlePem, PUBLIC_FILE_MODE, { replace: true });
}

function fromAnswer(status: number, body: unknown, keyPem: string, refused: 'HALONG_WORKLOAD_ENROL_REFUSED' | 'HALONG_WORKLOAD_RENEW_REFUSED'): WorkloadCredentials {
  const b = (body ?? {}) as { chain?: unknown; trust_bundle?: unknown; code?: unknown; message?: unknown };
  if (status !== 200) throw new WorkloadIdentityError(refused, `the policy engine answered ${status}${typeof b.code === 'string' ? ` ${b.code}` : ''}: ${typeof b.message === 'string' ? b.message : JSON.stringify(body)}`);
  if (typeof b.chain !== 'string' || typeof b.trust_bundle !== 'string') throw new WorkloadIdentityError('HALONG_WORKLOAD_BAD_ANSWER');
  return describe(b.chain, keyPem, b.trust_bundle);
}

/**
 * The workload's credentials: the stored certificate while it has more than a third of its life
 * left (renewed first when less), else a new enrolment with the join token.
 */
export async function loadOrEnrolWorkload(o: WorkloadIdentityOptions): Promise<WorkloadCredentials> {
  const now = (o.clock ?? (() => new Date()))();
  const stored = await readStored(o.dir);
  if (stored && stored.notAfter > now) {
    if (renewalDue(stored) > now) return stored;
    try {
      return await renewWorkload(o, stored);
    } catch (err) {
      if (!o.joinToken) throw err;
    }
  }
  if (!o.joinToken) throw new WorkloadIdentityError('HALONG_WORKLOAD_NO_CREDENTIAL', `No valid certificate in ${o.dir}; set HALONG_JOIN_TOKEN to a join token an admin created for this workload.`);
  const { keyPem, csrPem } = await newKeyAndCsr('halong-workload');
  const answer = await httpsJson(`${o.pdpUrl.replace(/\/+$/, '')}/pki/v1/enrol`, 'POST', { ca: o.trustBundlePem }, { join_token: o.joinToken, csr: csrPem });
  const creds = fromAnswer(answer.status, answer.body, keyPem, 'HALONG_WORKLOAD_ENROL_REFUSED');
  await store(o.dir, creds);
  return creds;
}

/** Renews with the current certificate on the TLS connection and a fresh key; stores the result. */
export async function renewWorkload(o: WorkloadIdentityOptions, current: WorkloadCredentials): Promise<WorkloadCredentials> {
  const { keyPem, csrPem } = await newKeyAndCsr('halong-workload');
  const answer = await httpsJson(`${o.pdpUrl.replace(/\/+$/, '')}/pki/v1/renew`, 'POST', { ca: current.trustBundlePem, cert: current.chainPem, key: current.keyPem }, { csr: csrPem });
  const creds = fromAnswer(answer.status, answer.body, keyPem, 'HALONG_WORKLOAD_RENEW_REFUSED');
  await store(o.dir, creds);
  return creds;
}

/** When to renew: two thirds into the certificate's life. */
export function renewalDue(c: Pick<WorkloadCredentials, 'notBefore' | 'notAfter'>): Date {
  return new Date(c.notBefore.getTime() + ((c.notAfter.getTime() - c.notBefore.getTime()) * 2) / 3);
}
