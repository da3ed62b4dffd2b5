// What the account page decides, apart from React so it can be tested on its own.
import type { inferRouterOutputs } from '@trpc/server';
import type { TFunction } from 'i18next';
import type { AppRouter } from '@style-license/server';
import type { Locale } from '@style-license/shared';
import { describeDetail, describeError, errorInfo } from '../../lib/errors';
import { withLocale } from '../../lib/locale';

export type Session = inferRouterOutputs<AppRouter>['auth']['sessions'][number];

/** A desktop app names itself (its device name); a web session has no label, so it is "Web browser". */
export function sessionName(session: Pick<Session, 'kind' | 'label'>, t: TFunction): string {
  if (session.label) return session.label;
  return session.kind === 'desktop' ? t('account.sessions.desktop') : t('account.sessions.web');
}

/**
 * The sessions in the order shown: this one first (it is the one you are using), then the others most
 * recently used first, so a stranger's recent use stands out.
 */
export function orderSessions<S extends Pick<Session, 'current' | 'lastUsedAt'>>(
  sessions: readonly S[],
): S[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastUsedAt) - Date.parse(a.lastUsedAt),
  );
}

/** Only another session can be revoked from the list; this one ends with "Sign out". */
export const canRevoke = (session: Pick<Session, 'current'>) => !session.current;

/** Every broken name rule as its own sentence (the API names each rule once); else the error's sentence. */
export function nameProblems(error: unknown, t: TFunction): string[] {
  const sentences = errorInfo(error)
    .details.map((detail) => describeDetail(detail, t))
    .filter((s): s is string => s !== null);
  return sentences.length ? [...new Set(sentences)] : [describeError(error, t)];
}

/** The same page under the other language's prefix, keeping its query and hash. */
export function pathInLocale(
  location: { pathname: string; search: string; hash: string },
  locale: Locale,
): string {
  return `${withLocale(location.pathname, locale)}${location.search}${location.hash}`;
}
