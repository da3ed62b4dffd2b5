/**
 * The development identity provider: a real OpenID provider (oidc-provider) served by this server at
 * /dev-idp when Google is not configured, whose login page accepts any name and email. The sign-in
 * code talks to it exactly as to Google. Configuration refuses it in production (see config.ts), and
 * the provider itself (dev-provider-server.ts) is imported only when it is mounted.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const DEV_IDP_PATH = '/dev-idp';

export interface DevIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  register(app: FastifyInstance): Promise<void>;
}

export function createDevIdentityProvider(input: {
  publicUrl: string;
  redirectUri: string;
}): DevIdentityProvider {
  const issuer = `${input.publicUrl}${DEV_IDP_PATH}`;
  const clientId = 'style-license-dev';
  const clientSecret = randomBytes(24).toString('hex');
  async function register(app: FastifyInstance) {
    const { mountDevProvider } = await import('./dev-provider-server');
    const mount = { issuer, clientId, clientSecret, redirectUri: input.redirectUri, basePath: DEV_IDP_PATH };
    await mountDevProvider(app, mount);
  }
  return { issuer, clientId, clientSecret, register };
}
