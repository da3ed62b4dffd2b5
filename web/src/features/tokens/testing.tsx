/**
 * Test support for the tokens, images and notifications pages: the real tRPC client and TanStack Query
 * over a link that answers from handlers (one per procedure path) and records every call, inside a
 * memory router at the page's URL.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { AppRouter } from '@style-license/server';
import type { Locale } from '@style-license/shared';
import { i18n, initI18n } from '../../lib/i18n';
import { createQueryClient } from '../../lib/query-client';
import { TRPCProvider } from '../../lib/trpc';

export type Handler = (input: unknown) => unknown;
export interface Call {
  path: string;
  input: unknown;
}

function mockLink(handlers: Record<string, Handler>, calls: Call[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        Promise.resolve()
          .then(() => {
            const handler = handlers[op.path];
            if (!handler) throw new Error(`no handler for ${op.path}`);
            return handler(op.input);
          })
          .then((data) => {
            observer.next({ result: { type: 'data', data } });
            observer.complete();
          })
          .catch((error: unknown) => observer.error(TRPCClientError.from(error as Error)));
      });
}

/** The i18n instance in `locale`, as the layout sets it from the URL. */
export function languageT(locale: Locale) {
  initI18n(locale);
  void i18n.changeLanguage(locale);
  return i18n.getFixedT(locale);
}

export function renderPage(
  element: ReactElement,
  {
    url,
    route,
    handlers,
    locale = 'en',
  }: { url: string; route: string; handlers: Record<string, Handler>; locale?: Locale },
) {
  languageT(locale);
  const calls: Call[] = [];
  // The app's own client (its stale times and retry rules), so caching behaves as it does in the app.
  const queryClient = createQueryClient();
  const client = createTRPCClient<AppRouter>({ links: [mockLink(handlers, calls)] });
  const router = createMemoryRouter(
    [
      { path: route, element },
      { path: '*', element: <p data-testid="elsewhere" /> },
    ],
    { initialEntries: [url] },
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
