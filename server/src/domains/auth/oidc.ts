/**
 * The OpenID Connect relying party, one code path for Google and for the development provider:
 * authorization-code flow with PKCE (S256), `state` and `nonce`; the ID token's signature (provider
 * JWKS), issuer, audience, expiry and nonce are verified by openid-client. Any failure becomes
 * UNAUTHORIZED with the reason logged, never a half-signed-in user.
 */
import * as client from 'openid-client';
import { AppError } from '@style-license/shared';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface IdentityClaims {
  sub: string;
  email: string;
  name: string;
  picture: string | null;
}

export interface FlowSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcClient {
  authorizationUrl(secrets: FlowSecrets): Promise<URL>;
  /** Exchanges the code in `callbackUrl` and returns the verified identity. */
  exchange(callbackUrl: URL, secrets: FlowSecrets): Promise<IdentityClaims>;
}

export function createOidcClient(settings: OidcSettings): OidcClient {
  let configuration: Promise<client.Configuration> | null = null;

  // Discovery is lazy and retried after a failure: the development provider is served by this same
  // server, so it can only be discovered once the server listens.
  const configure = () => {
    configuration ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // Non-repudiation: verify the ID token's signature against the provider's JWKS too, not only
        // trust the TLS channel it came over.
        execute: [
          client.enableNonRepudiationChecks,
          ...(settings.issuer.startsWith('http://') ? [client.allowInsecureRequests] : []),
        ],
      })
      .catch((error: unknown) => {
        configuration = null;
        throw error;
      });
    return configuration;
  };

  return {
    async authorizationUrl({ state, nonce, codeVerifier }) {
      const config = await configure();
      return client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    async exchange(callbackUrl, { state, nonce, codeVerifier }) {
      const config = await configure();
      let claims: client.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          expectedState: state,
          expectedNonce: nonce,
          pkceCodeVerifier: codeVerifier,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        throw new AppError('UNAUTHORIZED', 'Sign-in could not be verified', {
          cause: error,
          details: [{ rule: 'id_token', message: describeFailure(error) }],
        });
      }
      if (!claims || typeof claims.email !== 'string') {
        throw new AppError('UNAUTHORIZED', 'The identity provider did not share an email address');
      }
      return {
        sub: claims.sub,
        email: claims.email,
        name:
          typeof claims.name === 'string' && claims.name.trim()
            ? claims.name.trim()
            : claims.email.split('@')[0]!,
        picture: typeof claims.picture === 'string' ? claims.picture : null,
      };
    },
  };
}

/** openid-client wraps oauth4webapi's error, whose own cause names the failing claim (aud, exp, nonce…). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 3 && cause; depth++) {
    const claim = (cause as { claim?: unknown }).claim;
    if (typeof claim === 'string') return `${error.message} (claim: ${claim})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return error.message;
}
