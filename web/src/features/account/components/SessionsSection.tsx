// The user's web and desktop sessions. Another one can be signed out from here (after a confirm); the
// one in use is marked and ends with "Sign out" instead, so nobody locks themselves out by mistake.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../../components/ui/Feedback';
import { describeError } from '../../../lib/errors';
import { toast } from '../../../lib/toast';
import { useTRPC } from '../../../lib/trpc';
import { canRevoke, orderSessions, sessionName, type Session } from '../account-logic';
import { Card } from './Card';
import { ConfirmDialog } from './ConfirmDialog';

export function SessionsSection() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  return (
    <Card id="account-sessions" title={t('account.sessions.title')} lead={t('account.sessions.lead')}>
      {sessions.isPending ? (
        <Spinner />
      ) : sessions.error ? (
        <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <ul className="divide-y divide-stone-100">
          {orderSessions(sessions.data).map((session) => (
            <SessionRow key={session.id} session={session} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function SessionRow({ session }: { session: Session }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const name = sessionName(session, t);
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: () => toast('success', t('account.sessions.revoked')),
      onError: (error) => toast('error', describeError(error, t)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );
  const created = new Date(session.createdAt);
  return (
    <li className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex min-w-0 gap-3">
        <KindIcon kind={session.kind} />
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium text-stone-900">
            <span className="break-words">{name}</span>
            {session.label && <Badge>{t(`account.sessions.${session.kind}`)}</Badge>}
            {session.current && <Badge tone="accent">{t('account.sessions.current')}</Badge>}
          </p>
          <p className="mt-1 text-sm text-stone-600">
            {t('account.sessions.lastUsed', { when: new Date(session.lastUsedAt) })}
          </p>
          <p className="text-xs text-stone-500">
            {t('account.sessions.created', { when: created })}
            {' · '}
            {t('account.sessions.expires', { when: new Date(session.expiresAt) })}
          </p>
        </div>
      </div>
      {canRevoke(session) ? (
        <ConfirmDialog
          title={t('account.sessions.confirmRevokeTitle')}
          body={t('account.sessions.confirmRevokeBody', { name })}
          confirm={t('account.sessions.revoke')}
          onConfirm={() => revoke.mutate({ sessionId: session.id })}
          trigger={
            <Button
              look="secondary"
              size="sm"
              busy={revoke.isPending}
              aria-label={t('account.sessions.revokeLabel', { name, when: created })}
              className="self-start sm:self-center"
            >
              {t('account.sessions.revoke')}
            </Button>
          }
        />
      ) : (
        <p className="text-xs text-stone-500 sm:max-w-48 sm:text-right">
          {t('account.sessions.currentHint')}
        </p>
      )}
    </li>
  );
}

function KindIcon({ kind }: { kind: Session['kind'] }) {
  return (
    <span
      aria-hidden="true"
      className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-stone-100 text-stone-600"
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-5">
        {kind === 'desktop' ? (
          <path d="M4 5h16v10H4zM9 19h6M12 15v4" strokeLinecap="round" strokeLinejoin="round" />
        ) : (
          <path
            d="M3 12a9 9 0 1018 0 9 9 0 00-18 0zm0 0h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        )}
      </svg>
    </span>
  );
}
