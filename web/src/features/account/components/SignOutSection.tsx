// Sign out here, or everywhere (every web and desktop session, after a confirm); lib/session.ts drops
// everything of this user from the tab either way.
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button';
import { useSignOut } from '../../../lib/sign-out';
import { toast } from '../../../lib/toast';
import { Card } from './Card';
import { ConfirmDialog } from './ConfirmDialog';

export function SignOutSection() {
  const { t } = useTranslation();
  const { here: signOut, everywhere } = useSignOut({
    onEverywhere: (ended) => toast('success', t('account.signOut.done', { count: ended })),
  });

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
