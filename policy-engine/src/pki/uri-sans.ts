import type { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

const SAN_OID = '2.5.29.17';
const URI_TAG = 6;
const EXTENSIONS_TAG = 3;

type Node = forge.asn1.Asn1;

interface DerOptions {
  readonly strict: boolean;
  readonly parseAllBytes: boolean;
  readonly decodeBitStrings: boolean;
}
// @types/node-forge still types the second parameter as `strict?: boolean`; forge 1.x takes options.
const fromDer = forge.asn1.fromDer as unknown as (der: forge.util.ByteStringBuffer | string, options: DerOptions) => Node;
// Not decoding BIT STRINGs skips parsing the public key and signature as nested ASN.1: 3x faster.
const DER: DerOptions = { strict: true, parseAllBytes: true, decodeBitStrings: false };

const children = (node: Node | undefined): Node[] => (node !== undefined && Array.isArray(node.value) ? node.value : []);
const bytes = (node: Node | undefined): string => (node !== undefined && typeof node.value === 'string' ? node.value : '');

/**
 * Every URI subject alternative name of a certificate, across all SAN extensions, read from the
 * DER with forge's generic ASN.1 parser: it handles any key type (only forge's certificate model
 * is RSA-only), costs far less than a full @peculiar/x509 parse, and avoids Node's printed
 * `subjectAltName`, whose quoting rules differ between Node versions.
 */
export function uriSans(cert: X509Certificate): string[] {
  const certificate = fromDer(forge.util.createBuffer(cert.raw.toString('binary')), DER);
  const tbs = children(certificate)[0];
  const extensions = children(tbs).find((node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === EXTENSIONS_TAG);
  const uris: string[] = [];
  for (const extension of children(children(extensions)[0])) {
    const [oid, ...rest] = children(extension);
    if (oid === undefined || forge.asn1.derToOid(bytes(oid)) !== SAN_OID) continue;
    // extnValue is the last element (an optional `critical` BOOLEAN may precede it).
    const names = fromDer(bytes(rest[rest.length - 1]), DER);
    for (const name of children(names)) {
      if (name.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && name.type === URI_TAG) uris.push(forge.util.decodeUtf8(bytes(name)));
    }
  }
  return uris;
}
