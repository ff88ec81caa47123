import { TokenConfigError, TokenDeniedError, TokenError, TokenErrorCodes, deny, quoted } from '../../src/tokens/errors';

describe('token errors', () => {
  it('has codes of the form HALONG_TOKEN_<NAME>, each with an HTTP status and a message', () => {
    for (const [code, { status, message }] of Object.entries(TokenErrorCodes)) {
      expect(code).toMatch(/^HALONG_TOKEN_[A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(message.length).toBeGreaterThan(10);
    }
  });

  it('carries the code, status and message; subclasses keep their name', () => {
    const denied = new TokenDeniedError('HALONG_TOKEN_EXPIRED', 'the token expired at noon');
    expect(denied).toBeInstanceOf(TokenError);
    expect(denied).toMatchObject({ name: 'TokenDeniedError', code: 'HALONG_TOKEN_EXPIRED', status: 401, message: 'the token expired at noon' });
    expect(denied.toDenial()).toEqual({ ok: false, code: 'HALONG_TOKEN_EXPIRED', reason: 'the token expired at noon' });
    expect(new TokenConfigError('issuer: required')).toMatchObject({ name: 'TokenConfigError', code: 'HALONG_TOKEN_CONFIG', status: 500 });
    expect(new TokenError('HALONG_TOKEN_REVOKED').message).toBe(TokenErrorCodes.HALONG_TOKEN_REVOKED.message);
  });

  it('deny returns a frozen result', () => {
    const result = deny('HALONG_TOKEN_TYPE', 'wrong type');
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe('quoted', () => {
  it('quotes values from tokens and cuts them to 80 characters', () => {
    expect(quoted('kid-1')).toBe('"kid-1"');
    expect(quoted(undefined)).toBe('undefined');
    expect(quoted('x'.repeat(500))).toHaveLength(80);
    expect(quoted('a"\nb')).toBe('"a\\"\\nb"');
  });
});
