/**
 * The development OpenID provider itself (oidc-provider) mounted on Fastify: its login page accepts any
 * name and email. Loaded only by `DevIdentityProvider.register`, so a server signing in with Google never
 * imports oidc-provider. Accounts live as long as this process: a development convenience, not a user store.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Provider from 'oidc-provider';
import { sha256Hex } from '../../security/tokens';
import { loginPage } from './dev-provider-page';

const LOGIN_PAGE_CSP =
  "default-src 'self'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://[::1]:*; frame-ancestors 'none'";

interface DevAccount {
  email: string;
  name: string;
}

export interface DevProviderMount {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Where the provider is served on this server (the issuer's path). */
  basePath: string;
}

export async function mountDevProvider(app: FastifyInstance, input: DevProviderMount): Promise<void> {
  const { issuer, clientId, clientSecret, basePath } = input;
  const accounts = new Map<string, DevAccount>();
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [input.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'dev-1', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    // Put email and name in the ID token itself, as Google does, not only behind /userinfo.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'picture'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${basePath}/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name }),
      };
    },
  });

  async function finishLogin(request: FastifyRequest, reply: FastifyReply) {
    const body = (request.body ?? {}) as { name?: string; email?: string };
    const email = String(body.email ?? '')
      .trim()
      .toLowerCase();
    const name = String(body.name ?? '').trim() || email.split('@')[0]!;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return reply
        .code(400)
        .type('text/html')
        .send(loginPage({ error: 'Enter an email address.', name }));
    }
    // The same email always signs in as the same subject, like a real provider account.
    const sub = `dev-${sha256Hex(email).slice(0, 24)}`;
    accounts.set(sub, { email, name });
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const grant = new provider.Grant({ accountId: sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid email profile'));
    const grantId = await grant.save();
    reply.hijack();
    await provider.interactionFinished(
      request.raw,
      reply.raw,
      { login: { accountId: sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  await app.register(async (scope) => {
    await scope.register(formbody);
    // The form's redirect chain ends at the desktop studio's loopback callback on desktop sign-in,
    // and browsers apply form-action to redirects: allow loopback targets on this page only.
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', LOGIN_PAGE_CSP);
    });
    scope.get(`${basePath}/interaction/:uid`, async (_request, reply) =>
      reply.type('text/html').send(loginPage({})),
    );
    scope.post(`${basePath}/interaction/:uid`, finishLogin);
  });
  // Everything else under the base path is the provider itself, handed the raw request as if mounted.
  const handler = provider.callback();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.all(`${basePath}/*`, async (request, reply) => {
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(basePath.length) || '/';
      reply.hijack();
      handler(raw, reply.raw);
    });
  });
}
