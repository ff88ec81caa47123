import type { Clock } from './clock';
import type { KeyResolver, TokenKeySource } from './key-source';
import { TokenConfigError, TokenDeniedError, quoted } from './errors';
import { localKeyResolver } from './local-keys';
import { oidcKeyResolver } from './oidc-keys';

const MIN_SECRET_BYTES = 32;

/** A resolver for the configured key source, whose failures are already turned into denies. */
export function createKeyResolver(source: TokenKeySource, issuer: string, clock: Clock): KeyResolver {
  switch (source?.kind) {
    case 'jwks':
      return classified(localKeyResolver(source.jwks));
    case 'oidc':
      return classified(oidcKeyResolver(issuer, source, clock));
    case 'secret': {
      if (!(source.secret instanceof Uint8Array) || source.secret.byteLength < MIN_SECRET_BYTES) {
        throw new TokenConfigError(`keys: a shared secret must be at least ${MIN_SECRET_BYTES} bytes`);
      }
      const secret = Uint8Array.from(source.secret);
      return async () => secret;
    }
    default:
      throw new TokenConfigError('keys: expected { kind: "jwks" | "oidc" | "secret" }');
  }
}

function classified(resolve: KeyResolver): KeyResolver {
  return async (header, token) => {
    try {
      return await resolve(header, token);
    } catch (error) {
      throw classify(error, header.kid, header.alg);
    }
  };
}

function classify(error: unknown, kid: unknown, alg: unknown): TokenDeniedError {
  if (error instanceof TokenDeniedError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
    return new TokenDeniedError('HALONG_TOKEN_UNKNOWN_KID', `no key of the issuer has kid ${quoted(kid)} for algorithm ${quoted(alg)}`);
  }
  if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') {
    return new TokenDeniedError('HALONG_TOKEN_UNKNOWN_KID', `several keys of the issuer match kid ${quoted(kid)}`);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new TokenDeniedError('HALONG_TOKEN_KEYS_UNAVAILABLE', `the issuer keys cannot be loaded: ${detail}`, { cause: error });
}
