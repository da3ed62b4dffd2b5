/**
 * Google's stand-in for a topology of several servers: one OpenID provider of its own (the development
 * provider's code, whose login page accepts any name and email), which every server reaches through the
 * Google sign-in settings (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, OIDC_ISSUER) exactly as it reaches
 * Google. The development provider each server mounts by itself would not do: its sessions and keys
 * live in that server's memory, and a sign-in begun on one server may come back to the other.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { mountDevProvider } from '../../server/src/domains/auth/dev-provider-server';

interface Net {
  freePort(): Promise<number>;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { freePort } = (await import(new URL('../services/net.mjs', import.meta.url).href)) as Net;

export interface IdentityProvider {
  issuer: string;
  /** The settings that point a server at it. */
  serverEnv: Record<string, string>;
  close(): Promise<void>;
}

/** `publicUrl` is where users reach the servers (the balancer): the callback is registered there. */
export async function startIdentityProvider(publicUrl: string): Promise<IdentityProvider> {
  // The issuer names its own address, so the port is chosen before the provider is built.
  const port = await freePort();
  const basePath = '/idp';
  const issuer = `http://127.0.0.1:${port}${basePath}`;
  const clientId = 'style-license-topology';
  const clientSecret = randomBytes(24).toString('hex');
  const app = Fastify();
  await mountDevProvider(app, {
    issuer,
    clientId,
    clientSecret,
    redirectUri: `${publicUrl}/auth/callback`,
    basePath,
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    issuer,
    serverEnv: { GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret, OIDC_ISSUER: issuer },
    close: () => app.close(),
  };
}
