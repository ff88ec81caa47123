import { randomBytes } from 'node:crypto';
import { PkiError } from './errors';

const HEX = /^[0-9a-f]+$/;

/**
 * A random positive 128-bit certificate serial number as 32 lowercase hex digits. The top bit is
 * cleared so the DER INTEGER stays positive and 16 bytes long; the first byte is never zero so
 * the encoding is minimal (127 random bits, well above the 64 bits CA/B Forum asks for).
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) || 0x01;
  return bytes.toString('hex');
}

/**
 * The canonical form of a serial number, so that denylists match whatever printed it: lowercase
 * hex, even length, no leading zero bytes (OpenSSL, Node and DER padding all differ on these).
 * Accepts an optional `0x` prefix and `:` separators. Throws `HALONG_PKI_INVALID_SERIAL`.
 */
export function normalizeSerialNumber(serial: string): string {
  let hex = serial.trim().toLowerCase().replace(/^0x/, '').replaceAll(':', '');
  if (!HEX.test(hex)) throw new PkiError('HALONG_PKI_INVALID_SERIAL', `Invalid serial number ${JSON.stringify(serial)}.`);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  while (hex.length > 2 && hex.startsWith('00')) hex = hex.slice(2);
  return hex;
}
