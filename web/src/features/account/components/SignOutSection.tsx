// Sign out here, or everywhere (every web and desktop session, after a confirm). Either way nothing of
// this user may stay in the cache, so it is cleared before going home.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { describeError } from '../../../lib/errors';
import { toast } from '../../../lib/toast';
import { useTRPC } from '../../../lib/trpc';
import { useLocalePath } from '../../../lib/use-locale';
import { Card } from './Card';
import { ConfirmDialog } from './ConfirmDialog';

export function SignOutSection() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  const leave = async () => {
    queryClient.clear();
    await navigate(localePath('/'));
  };
  const onError = (error: unknown) => toast('error', describeError(error, t));
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: leave, onError }));
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: async ({ ended }) => {
        toast('success', t('account.signOut.done', { count: ended }));
        await leave();
      },
      onError,
    }),
  );

  return (
    <Card id="account-signout" title={t('account.signOut.title')} lead={t('account.signOut.lead')}>
      <div className="flex flex-wrap gap-3">
        <Button look="secondary" busy={signOut.isPending} onClick={() => signOut.mutate()}>
          {t('account.signOut.here')}
        </Button>
        <ConfirmDialog
          title={t('account.signOut.confirmTitle')}
          body={t('account.signOut.confirmBody')}
          confirm={t('account.signOut.everywhere')}
          onConfirm={() => everywhere.mutate()}
          trigger={
            <Button look="danger" busy={everywhere.isPending}>
              {t('account.signOut.everywhere')}
            </Button>
          }
        />
      </div>
    </Card>
  );
}
