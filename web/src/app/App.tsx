// The web client: providers (i18n, TanStack Query with the typed tRPC client, toasts) around the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { i18n, initI18n } from '../lib/i18n';
import { localeFromLanguages, splitLocale } from '../lib/locale';
import { createQueryClient } from '../lib/query-client';
import { createApiClient, TRPCProvider } from '../lib/trpc';
import { routes } from './routes';

const Toaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })));

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [apiClient] = useState(() => createApiClient());
  const [router] = useState(() => createBrowserRouter(routes));
  useState(() =>
    initI18n(
      splitLocale(window.location.pathname).locale ?? localeFromLanguages(navigator.languages) ?? 'en',
    ),
  );
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
          <RouterProvider router={router} />
          <Suspense fallback={null}>
            <Toaster position="top-center" richColors closeButton />
          </Suspense>
        </TRPCProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
