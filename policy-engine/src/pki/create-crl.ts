import type { CertificateAuthority } from './certificate-authority';
import { PkiError } from './errors';
import { issuerInfo } from './issuer-info';
import { derToPem } from './pem';
import type { RevocationEntry } from './revocation-store';
import { HOUR_MS, offsetToSecond } from './time';
import { CA_SIGNING_ALGORITHM, nodeCrypto, toSigningCryptoKey, x509 } from './x509-webcrypto';

/** Default time between a CRL's thisUpdate and nextUpdate. */
export const DEFAULT_CRL_VALIDITY_MS = 24 * HOUR_MS;

const CRL_NUMBER_OID = '2.5.29.20';

/** Options of `createCrl`. */
export interface CreateCrlOptions {
  readonly ca: CertificateAuthority;
  /** Serial entries to list, e.g. `store.crlEntries(now)`; identity entries are refused. */
  readonly entries: readonly RevocationEntry[];
  readonly now: Date;
  readonly validityMs?: number;
  /** Must grow with every CRL; defaults to thisUpdate in Unix seconds, which does as long as the clock does. */
  readonly crlNumber?: bigint;
}

/** A signed CRL. */
export interface SignedCrl {
  readonly der: Buffer;
  readonly pem: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly crlNumber: bigint;
}

function derInteger(value: bigint): ArrayBuffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // A leading bit of 1 would read as negative.
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return new Uint8Array([0x02, bytes.length, ...bytes]).buffer;
}

/**
 * Signs an X.509 v2 CRL with the intermediate CA (@peculiar/x509, since node-forge cannot make
 * CRLs) for TLS peers outside Halong. It carries the RFC 5280 required AuthorityKeyIdentifier and
 * CRLNumber; thisUpdate is `now`, nextUpdate `now + validityMs`.
 */
export async function createCrl(options: CreateCrlOptions): Promise<SignedCrl> {
  const crlNumber = options.crlNumber ?? BigInt(Math.floor(options.now.getTime() / 1000));
  if (crlNumber < 0n || crlNumber >= 2n ** 159n) throw new PkiError('HALONG_PKI_INVALID_SERIAL', 'A CRL number must be a non-negative integer of at most 20 bytes.');
  const issuer = issuerInfo(options.ca.intermediate, options.now);
  const thisUpdate = offsetToSecond(options.now, 0);
  const nextUpdate = offsetToSecond(options.now, options.validityMs ?? DEFAULT_CRL_VALIDITY_MS);
  const entries = options.entries.map((entry): x509.X509CrlEntryParams => {
    if (entry.type !== 'serial') throw new PkiError('HALONG_PKI_INVALID_SERIAL', `A CRL lists serial numbers, not identities (${entry.value}).`);
    // RFC 5280 §5.3.1: the reason code "unspecified" SHOULD be left out.
    return { serialNumber: entry.value, revocationDate: entry.revokedAt, ...(entry.reason === 'unspecified' ? {} : { reason: x509.X509CrlReason[entry.reason] }) };
  });
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.name,
      thisUpdate,
      nextUpdate,
      entries,
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      signingKey: await toSigningCryptoKey(options.ca.intermediate.privateKey),
      extensions: [new x509.AuthorityKeyIdentifierExtension(issuer.keyId), new x509.Extension(CRL_NUMBER_OID, false, derInteger(crlNumber))],
    },
    nodeCrypto,
  );
  const der = Buffer.from(crl.rawData);
  return { der, pem: derToPem(der, 'X509 CRL'), thisUpdate, nextUpdate, crlNumber };
}
