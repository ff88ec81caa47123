// Sign-in for console users with local accounts, refresh-token rotation, sign-out, and the
// public keys that verify Halong's access tokens. Sign-in is open by contract; refresh and
// sign-out are open too because the refresh token itself is the credential.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { HalongServer } from '@halong/core/node';
import { readClientCertificate } from '@halong/core/node';
import type { SignInResult, SignInService } from '../tokens/sign-in';
import type { TokenIssuer } from '../tokens/issuer';
import { TokenErrorCodes } from '../tokens/errors';
import { httpError } from './http-errors';

export interface AuthRoutesOptions {
  signIn: SignInService;
  issuer: TokenIssuer;
  clock: () => Date;
}

const Session = Type.Object({
  token_type: Type.Literal('Bearer'),
  access_token: Type.String(),
  expires_in: Type.Integer(),
  refresh_token: Type.String(),
  refresh_expires_in: Type.Integer(),
  subject: Type.String(),
});

const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (fastify, o) => {
  const app = fastify as unknown as HalongServer;
  const session = (result: SignInResult) => {
    if (!result.ok) throw httpError(TokenErrorCodes[result.code].status, result.code, result.reason);
    const now = o.clock().getTime();
    return {
      token_type: 'Bearer' as const,
      access_token: result.accessToken,
      expires_in: Math.max(0, result.accessTokenExpiresAt - Math.floor(now / 1000)),
      refresh_token: result.refreshToken,
      refresh_expires_in: Math.max(0, Math.floor((result.refreshTokenExpiresAt - now) / 1000)),
      subject: result.subject,
    };
  };

  app.post(
    '/auth/v1/sign-in',
    {
      config: { access: 'public' },
      schema: {
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 256 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 200: Session },
      },
    },
    async (request, reply) => {
      // A client certificate on the connection binds the tokens to it (RFC 8705).
      const thumbprint = readClientCertificate(request)?.thumbprint;
      const result = await o.signIn.signIn({ ...request.body, ...(thumbprint ? { certificateThumbprint: thumbprint } : {}) });
      request.log.info({ username: request.body.username.slice(0, 64), ok: result.ok, code: result.ok ? undefined : result.code }, 'sign-in');
      void reply.header('cache-control', 'no-store');
      return session(result);
    },
  );

  app.post(
    '/auth/v1/refresh',
    { config: { access: 'public' }, schema: { body: Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 1024 }) }), response: { 200: Session } } },
    async (request, reply) => {
      const thumbprint = readClientCertificate(request)?.thumbprint;
      const result = await o.signIn.refresh({ refreshToken: request.body.refresh_token, ...(thumbprint ? { certificateThumbprint: thumbprint } : {}) });
      void reply.header('cache-control', 'no-store');
      return session(result);
    },
  );

  app.post(
    '/auth/v1/sign-out',
    { config: { access: 'public' }, schema: { body: Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 1024 }) }) } },
    async (request, reply) => {
      await o.signIn.signOut(request.body.refresh_token);
      return reply.status(204).send();
    },
  );

  app.get('/.well-known/jwks.json', { config: { access: 'public' } }, async (_request, reply) => {
    void reply.header('cache-control', 'max-age=300');
    return o.issuer.jwks();
  });
};

export { authRoutes };
