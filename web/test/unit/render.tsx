/**
 * Renders web client components as the app does — i18n, TanStack Query, the typed tRPC client, a router —
 * with the API answered by `api`: one function per procedure path (`'auth.me': () => null`). A handler may
 * throw `apiError(code, details)` to answer as the server does; a path without a handler fails the test.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import type { AppRouter } from '@style-license/server';
import type { ErrorDetail, Locale } from '@style-license/shared';
import { i18n, initI18n } from '../../src/lib/i18n';
import { createQueryClient } from '../../src/lib/query-client';
import { TRPCProvider } from '../../src/lib/trpc';

export type ApiHandlers = Record<string, (input: unknown) => unknown>;

export interface ApiCall {
  path: string;
  input: unknown;
  type: string;
}

/** What the server's error formatter sends, as the tRPC client raises it. */
export function apiError(code: string, details?: ErrorDetail[]) {
  return TRPCClientError.from({
    error: { code: -32600, message: code, data: { code, httpStatus: 400, ...(details ? { details } : {}) } },
  });
}

function mockLink(api: ApiHandlers, calls: ApiCall[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input, type: op.type });
        const handler = api[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw new Error(`no test answer for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) =>
              observer.error(error instanceof TRPCClientError ? error : TRPCClientError.from(error as Error)),
          );
      });
}

export function renderWithApp(
  content: ReactNode | { routes: RouteObject[]; path: string },
  { api = {}, locale = 'en' }: { api?: ApiHandlers; locale?: Locale } = {},
) {
  initI18n(locale);
  void i18n.changeLanguage(locale);
  const calls: ApiCall[] = [];
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  const client = createTRPCClient<AppRouter>({ links: [mockLink(api, calls)] });
  const router =
    content && typeof content === 'object' && 'routes' in content
      ? createMemoryRouter(content.routes, { initialEntries: [content.path] })
      : createMemoryRouter(
          [
            { path: '/:locale/*', element: content },
            { path: '*', element: content },
          ],
          {
            initialEntries: [`/${locale}/`],
          },
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
