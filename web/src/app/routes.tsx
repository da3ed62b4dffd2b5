/**
 * Every page, each loaded on first visit (its own chunk), under `/en/…` or `/ko/…`. Paths here are the
 * ones `LocalLink`s name. Guards wrap the pages that need a session or the artist role.
 */
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequireArtist, RequireAuth } from './guards';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RootRedirect } from './RootRedirect';

/** A lazily loaded page: `page(() => import('…'), 'Name')`. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return { lazy: async () => ({ Component: (await load())[name] as ComponentType }) };
}

export const routes: RouteObject[] = [
  { path: '/', element: <RootRedirect /> },
  {
    path: '/:locale',
    element: <Layout />,
    children: [
      { index: true, ...page(() => import('../features/home/HomePage'), 'HomePage') },
      { path: 'search', ...page(() => import('../features/search/SearchPage'), 'SearchPage') },
      { path: 'styles/:styleId', ...page(() => import('../features/styles/StylePage'), 'StylePage') },
      { path: 'licenses/:licenseId', ...page(() => import('../features/licenses/LicensePage'), 'LicensePage') },
      { path: 'verify', ...page(() => import('../features/licenses/VerifyPage'), 'VerifyPage') },
      {
        element: <RequireAuth />,
        children: [
          { path: 'tokens', ...page(() => import('../features/tokens/TokensPage'), 'TokensPage') },
          {
            path: 'tokens/return',
            ...page(() => import('../features/tokens/PurchaseReturnPage'), 'PurchaseReturnPage'),
          },
          { path: 'images', ...page(() => import('../features/images/MyImagesPage'), 'MyImagesPage') },
          {
            path: 'artist/apply',
            ...page(() => import('../features/artist/BecomeArtistPage'), 'BecomeArtistPage'),
          },
          {
            path: 'notifications',
            ...page(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage'),
          },
          { path: 'account', ...page(() => import('../features/account/AccountPage'), 'AccountPage') },
        ],
      },
      {
        element: <RequireArtist />,
        children: [
          { path: 'studio', ...page(() => import('../features/studio/StudioPage'), 'StudioPage') },
          { path: 'studio/new', ...page(() => import('../features/studio/NewStylePage'), 'NewStylePage') },
          {
            path: 'studio/:styleId',
            ...page(() => import('../features/studio/StudioStylePage'), 'StudioStylePage'),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
