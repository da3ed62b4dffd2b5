// The one harness for web component tests: a page rendered as the app renders it (i18n, TanStack Query,
// the typed tRPC client, a memory router) over a tRPC link the test answers per path, logging each call.
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from 'react-router';
import type { AppRouter } from '@style-license/server';
import type { ErrorCode, ErrorDetail, Locale } from '@style-license/shared';
import { i18n, initI18n } from '../../src/lib/i18n';
import { createQueryClient } from '../../src/lib/query-client';
import { TRPCProvider } from '../../src/lib/trpc';

/** Answers one procedure; it may return a promise, or throw `apiError(…)` / `networkError()`. */
export type ApiHandler = (input: unknown) => unknown;
export type ApiHandlers = Record<string, ApiHandler>;

/** One call the page sent. `type` (query, mutation…) is there to read but left out of `toEqual`. */
export interface ApiCall {
  path: string;
  input: unknown;
  readonly type: string;
}

export interface RenderOptions {
  /** One handler per procedure path (`'auth.me': () => null`); a path without one answers NOT_FOUND. */
  api?: ApiHandlers;
  /** i18next's language for the render (default `en`). */
  locale?: Locale;
  /** The URL the memory router opens (default `/<locale>/`). */
  path?: string;
  /** For a single element: the route pattern it is rendered at (default `/:locale/*`). */
  route?: string;
}

function serverError(code: ErrorCode, details: ErrorDetail[], message: string) {
  return TRPCClientError.from({ error: { code: -32600, message, data: { code, httpStatus: 400, details } } });
}

/** An API error as the server's error formatter sends it, carrying our code and details. */
export function apiError(code: ErrorCode, details: ErrorDetail[] = []) {
  return serverError(code, details, code);
}

/** A failure with no answer from the server (what a dropped connection looks like to the client). */
export function networkError() {
  return TRPCClientError.from(new TypeError('Failed to fetch'));
}

/** A `t` in `locale`, the shared i18n instance switched to it, as the layout does from the URL. */
export function languageT(locale: Locale) {
  initI18n(locale);
  void i18n.changeLanguage(locale);
  return i18n.getFixedT(locale);
}

/** Shows where the router is (`data-testid="location"`), for a test that follows a navigation. */
export function Where() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

function mockLink(api: ApiHandlers, calls: ApiCall[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const call = { path: op.path, input: op.input };
        calls.push(Object.defineProperty(call, 'type', { value: op.type, enumerable: false }) as ApiCall);
        const handler = api[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw serverError('NOT_FOUND', [], `no test answer for ${op.path}`);
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

/**
 * Renders `content` — one element at `route`, or `{ routes }` (the app's real routes, say) — at `path`.
 * The query client is the app's own (stale times, retry rules), so caching behaves as it does in the app.
 */
export function renderWithApp(content: ReactNode | { routes: RouteObject[] }, options: RenderOptions = {}) {
  const { api = {}, locale = 'en', route = '/:locale/*' } = options;
  const path = options.path ?? `/${locale}/`;
  languageT(locale);
  const calls: ApiCall[] = [];
  const callsTo = (procedure: string) => calls.filter((c) => c.path === procedure);
  const queryClient = createQueryClient();
  const client = createTRPCClient<AppRouter>({ links: [mockLink(api, calls)] });
  const routes =
    content && typeof content === 'object' && 'routes' in content
      ? content.routes
      : [
          { path: route, element: content },
          { path: '*', element: <p data-testid="elsewhere" /> },
        ];
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return { ...view, calls, callsTo, router, queryClient };
}
