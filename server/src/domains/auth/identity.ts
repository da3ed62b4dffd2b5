// Chooses who vouches for identities: Google when configured, else the development provider served
// by this server. Either way the rest of the sign-in code sees one OidcClient.
import type { ServerConfig } from '../../config';
import { createDevIdentityProvider, type DevIdentityProvider } from './dev-provider';
import { createOidcClient, type OidcClient } from './oidc';

export const CALLBACK_PATH = '/auth/callback';

export interface Identity {
  oidc: OidcClient;
  devProvider: DevIdentityProvider | null;
}

export function createIdentity(config: ServerConfig): Identity {
  const redirectUri = `${config.PUBLIC_URL}${CALLBACK_PATH}`;
  if (config.devIdentityProvider) {
    const devProvider = createDevIdentityProvider({ publicUrl: config.PUBLIC_URL, redirectUri });
    const { issuer, clientId, clientSecret } = devProvider;
    return { oidc: createOidcClient({ issuer, clientId, clientSecret, redirectUri }), devProvider };
  }
  return {
    oidc: createOidcClient({
      issuer: config.OIDC_ISSUER,
      clientId: config.GOOGLE_CLIENT_ID!,
      clientSecret: config.GOOGLE_CLIENT_SECRET!,
      redirectUri,
    }),
    devProvider: null,
  };
}
