// Route guards, mirroring the API's procedure kinds: signed-out visitors are sent to sign in and brought
// back to the page they asked for; artist pages need the artist role.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { LocalLink } from '../components/LocalLink';
import { buttonClass } from '../components/ui/Button';
import { ErrorNotice, Spinner } from '../components/ui/Feedback';
import { PageHeader } from '../components/ui/Page';
import { currentPath, signInHref, useMe } from '../lib/session';

function SignInRedirect() {
  const { t } = useTranslation();
  const href = signInHref(currentPath());
  useEffect(() => window.location.assign(href), [href]);
  return (
    <Notice title={t('common.signInRequired.title')} body={t('common.signInRequired.body')}>
      <a href={href} className={buttonClass()}>
        {t('common.nav.signIn')}
      </a>
    </Notice>
  );
}

function Notice({ title, body, children }: { title: string; body: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={title} />
      <p className="mb-6 text-stone-700">{body}</p>
      {children}
    </div>
  );
}

export function RequireAuth() {
  const me = useMe();
  if (me.isPending) return <Spinner />;
  if (me.error) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <SignInRedirect />;
  return <Outlet />;
}

export function RequireArtist() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spinner />;
  if (me.error) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <SignInRedirect />;
  if (me.data.role !== 'artist')
    return (
      <Notice title={t('common.artistRequired.title')} body={t('common.artistRequired.body')}>
        <LocalLink to="/artist/apply" className={buttonClass()}>
          {t('common.nav.becomeArtist')}
        </LocalLink>
      </Notice>
    );
  return <Outlet />;
}
