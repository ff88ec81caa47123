// Which connection failures are worth retrying at start. A refused certificate (ours or the
// broker's) or a CONNACK refusal (not authorised, bad client id) will fail the same way every
// time, so `startMqttInput` reports it at once; a broker that is down or unreachable may be
// back before the start timeout.
import { ErrorWithReasonCode } from 'mqtt';

// OpenSSL verification results as Node names them, and its alerts/errors (ERR_SSL_*, ERR_TLS_*).
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_)|CERT|^UNABLE_TO_|^INVALID_CA$|^PATH_LENGTH_EXCEEDED$|^INVALID_PURPOSE$|^HOSTNAME_MISMATCH$/;

/** True when retrying the connection cannot succeed without a configuration change. */
export function isRefusal(err: unknown): boolean {
  if (err instanceof ErrorWithReasonCode) return err.code >= 0x80;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TLS_CODE.test(code);
}
