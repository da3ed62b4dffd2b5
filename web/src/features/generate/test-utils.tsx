// A tRPC client for component tests: a link that answers each call by its path from a handler table, so a
// test states what the server says and counts what the page sent.
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TRPCClientError, createTRPCClient, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { AppRouter } from '@style-license/server';
import type { ErrorCode, ErrorDetail } from '@style-license/shared';
import { TRPCProvider } from '../../lib/trpc';

export type Handler = (input: unknown) => unknown;
export interface Call {
  path: string;
  input: unknown;
}

/** An error as the server sends it: `data.code` and `data.details`, read by `errorInfo`. */
export function apiError(code: ErrorCode, details: ErrorDetail[] = []) {
  return TRPCClientError.from({
    error: { message: code, code: -32600, data: { code, httpStatus: 400, details } },
  });
}

/** A failure with no answer from the server (what a dropped connection looks like to the client). */
export function networkError() {
  return TRPCClientError.from(new TypeError('Failed to fetch'));
}

export function mockApi(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw new Error(`no handler for ${op.path}`);
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
  const client = createTRPCClient<AppRouter>({ links: [link] });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const callsTo = (path: string) => calls.filter((c) => c.path === path);
  function Wrapper({ children, path = '/en/styles/x' }: { children: ReactNode; path?: string }) {
    return (
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client} queryClient={queryClient}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/:locale/*" element={children} />
            </Routes>
          </MemoryRouter>
        </TRPCProvider>
      </QueryClientProvider>
    );
  }
  return { calls, callsTo, client, queryClient, Wrapper };
}
