// Signing out, here or everywhere. Apart from session.ts, which every page needs at once, because only
// the account menu and page sign out (and what they load should not weigh on the first page).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError } from './errors';
import { toast } from './toast';
import { useTRPC } from './trpc';
import { useLocalePath } from './use-locale';

const signOutListeners = new Set<() => void>();

/** Client state of the signed-in user outside the query cache (the studio's upload queue) registers here. */
export function onSignOut(listener: () => void): () => void {
  signOutListeners.add(listener);
  return () => signOutListeners.delete(listener);
}

/** What runs at sign-out, for tests. */
export const signOutListenersForTest = () => [...signOutListeners];

/**
 * Signing out here or everywhere: nothing of this user may stay in the tab afterwards, so the query cache
 * and every registered client state are dropped before going home.
 */
export function useSignOut({ onEverywhere }: { onEverywhere?: (ended: number) => void } = {}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  const leave = async () => {
    queryClient.clear();
    for (const listener of signOutListeners) listener();
    await navigate(localePath('/'));
  };
  const onError = (error: unknown) => toast('error', describeError(error, t));
  const here = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: leave, onError }));
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: async ({ ended }) => {
        onEverywhere?.(ended);
        await leave();
      },
      onError,
    }),
  );
  return { here, everywhere };
}
