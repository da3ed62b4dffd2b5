/**
 * Sign-in through the system browser (RFC 8252): a PKCE pair, a one-shot loopback listener on 127.0.0.1,
 * the platform's /auth/desktop/start opened in the browser, and the one-time code exchanged with the
 * verifier at /auth/desktop/token. The listener answers one matching request and closes; a wrong state is
 * refused and keeps waiting, so a page that guesses the port cannot end or hijack the sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AppError } from '@style-license/shared';

export interface SignInOptions {
  platformUrl: string;
  /** Opens a URL in the system browser (Electron's checked shell.openExternal; tests drive a browser). */
  openExternal: (url: string) => Promise<void>;
  deviceName?: string;
  /** How long the browser part may take before the attempt is dropped. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

const tokenAnswerSchema = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string().min(20).max(400),
  expires_at: z.iso.datetime(),
});

const PAGE = (title: string, body: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:system-ui;margin:4rem auto;max-width:32rem;text-align:center">${body}</body>`;
const DONE_PAGE = PAGE(
  'Style License Studio',
  '<h1>You are signed in</h1><p>You can close this tab and return to the studio.</p>' +
    '<p lang="ko">로그인되었습니다. 이 탭을 닫고 스튜디오로 돌아가세요.</p>',
);

export async function signInThroughBrowser(
  options: SignInOptions,
): Promise<{ token: string; expiresAt: string }> {
  const doFetch = options.fetch ?? fetch;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');

  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const codeArrived = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const listener = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const code = url.searchParams.get('code');
    if (
      request.method !== 'GET' ||
      url.pathname !== '/callback' ||
      url.searchParams.get('state') !== state ||
      !code
    ) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Not a sign-in answer for this studio');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
      .end(DONE_PAGE);
    settle.resolve(code);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', resolve);
  });
  const timer = setTimeout(
    () => settle.reject(new AppError('UNAUTHORIZED', 'Sign-in was not finished in the browser in time')),
    options.timeoutMs ?? 5 * 60_000,
  );
  const onAbort = () =>
    settle.reject(
      new AppError('UNAUTHORIZED', 'Sign-in was cancelled', {
        details: [{ rule: 'cancelled', message: 'Sign-in was cancelled' }],
      }),
    );
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const port = (listener.address() as AddressInfo).port;
    const start = new URL('/auth/desktop/start', options.platformUrl);
    start.search = new URLSearchParams({
      code_challenge: challenge,
      code_challenge_method: 'S256',
      redirect_uri: `http://127.0.0.1:${port}/callback`,
      state,
    }).toString();
    await options.openExternal(start.href);
    const code = await codeArrived;
    const response = await doFetch(new URL('/auth/desktop/token', options.platformUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code,
        code_verifier: verifier,
        ...(options.deviceName ? { device_name: options.deviceName } : {}),
      }),
    });
    if (!response.ok)
      throw new AppError('UNAUTHORIZED', `The platform refused the sign-in (${response.status})`);
    const answer = tokenAnswerSchema.safeParse(await response.json().catch(() => null));
    if (!answer.success) throw new AppError('UNAVAILABLE', 'The platform answered the sign-in strangely');
    return { token: answer.data.access_token, expiresAt: answer.data.expires_at };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    listener.closeAllConnections();
    await new Promise((resolve) => listener.close(resolve));
  }
}
