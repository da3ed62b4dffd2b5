// Whether the studio is signed in to the platform (the token stays in the core; the renderer only knows
// yes or no), and signing in through the system browser.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '@style-license/web/lib/errors';
import { toast } from '@style-license/web/lib/toast';
import type { StudioSession } from '../../../bridge/studio-api';
import { keys } from '../../lib/query-keys';
import { studio, StudioFailure } from '../../lib/studio';
import { useStudioEvent } from '../../lib/use-studio-event';

export function useSession() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: keys.session, queryFn: () => studio.session() });
  const settle = (value: StudioSession) => {
    queryClient.setQueryData(keys.session, value);
    // Everything the platform answered belongs to who was signed in then.
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'studio' });
  };
  useStudioEvent('session', () => void session.refetch());
  const signIn = useMutation({
    mutationFn: () => studio.signIn(),
    onSuccess: settle,
    // The artist gave up on purpose: nothing to report.
    onError: (error) => {
      if (!(error instanceof StudioFailure && error.details.some((d) => d.rule === 'cancelled')))
        toast('error', describeError(error, t));
    },
  });
  const cancelSignIn = useMutation({ mutationFn: () => studio.cancelSignIn() });
  const signOut = useMutation({ mutationFn: () => studio.signOut(), onSuccess: settle });
  return { session, signedIn: session.data?.signedIn ?? false, signIn, cancelSignIn, signOut };
}
