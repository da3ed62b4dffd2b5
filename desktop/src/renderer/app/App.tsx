/**
 * The studio renderer: providers (i18n, TanStack Query, the typed tRPC client over the app origin's
 * /platform proxy, toasts) around one screen.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '@style-license/web/lib/i18n';
import { createQueryClient } from '@style-license/web/lib/query-client';
import { createApiClient, TRPCProvider } from '@style-license/web/lib/trpc';
import { Studio } from './Studio';

// The toast library loads with the first toast's code (web's `toast` imports it on demand too).
const Toaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })));

export function App() {
  const [queryClient] = useState(createQueryClient);
  // The app origin proxies /platform/* to the platform with the desktop token added.
  const [apiClient] = useState(() => createApiClient('/platform'));
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
          <Studio />
          <Suspense fallback={null}>
            <Toaster position="bottom-right" richColors closeButton />
          </Suspense>
        </TRPCProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
