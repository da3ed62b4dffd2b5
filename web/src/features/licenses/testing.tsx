// Test harness for the license and account screens: the real providers and router, with a tRPC link
// whose answers the test writes (`api`), recording every call so a test can check what was sent.
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from 'react-router';
import type { AppRouter } from '@style-license/server';
import type { ErrorCode, ErrorDetail, Locale } from '@style-license/shared';
import { i18n, initI18n } from '../../lib/i18n';
import { createQueryClient } from '../../lib/query-client';
import { TRPCProvider } from '../../lib/trpc';

type Handler = (input: unknown) => unknown;
export interface Call {
  path: string;
  input: unknown;
}

/** An API error as the server sends it (a tRPC error response carrying our code and details). */
export function apiError(code: ErrorCode, details: ErrorDetail[] = []) {
  return TRPCClientError.from({ error: { message: code, code: -32600, data: { code, details } } });
}

function mockLink(api: Record<string, Handler>, calls: Call[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = api[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw apiError('NOT_FOUND');
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) => observer.error(TRPCClientError.from(error as Error)),
          );
      });
}

/** Shows where the router is, so a test can see a navigation. */
function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

export function renderWithApi(options: {
  path: string;
  routes: RouteObject[];
  api: Record<string, Handler>;
  locale?: Locale;
}) {
  const calls: Call[] = [];
  const locale = options.locale ?? 'en';
  initI18n(locale);
  void i18n.changeLanguage(locale);
  const queryClient = createQueryClient();
  const client = createTRPCClient<AppRouter>({ links: [mockLink(options.api, calls)] });
  const router = createMemoryRouter(
    [
      {
        path: '/:locale',
        children: options.routes.map((r) => ({
          ...r,
          element: (
            <>
              {r.element}
              <Where />
            </>
          ),
        })),
      },
    ],
    { initialEntries: [options.path] },
  );
  const view = render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return { ...view, calls, router, queryClient };
}
