// The typed API: tRPC's TanStack Query integration over the server's AppRouter type, so every query key,
// input and output comes from the router itself (no hand-written fetchers or copied types).
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@style-license/server';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Batched calls to `/trpc` on this origin with the session cookie. Every call carries the CSRF header the
 * server requires of cookie mutations; the server refuses a batch URL over 1000 characters, so batches
 * split below that.
 */
export function createApiClient(baseUrl = '') {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        maxURLLength: 900,
        headers: () => ({ 'x-style-license-csrf': '1' }),
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}
export type ApiClient = ReturnType<typeof createApiClient>;
