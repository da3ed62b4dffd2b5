// Server state lives in TanStack Query. Errors the user caused (4xx, rate limits included) are not
// retried: trying again at once cannot change the answer; outages (503), server errors and network
// failures are, a little later.
import { QueryClient } from '@tanstack/react-query';
import { errorCodeOf } from './errors';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => {
          const code = errorCodeOf(error);
          const transient = code === null || code === 'UNAVAILABLE' || code === 'INTERNAL';
          return transient && failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
