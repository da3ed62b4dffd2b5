/**
 * Every page, each loaded on first visit (its own chunk), under `/en/…` or `/ko/…`. Paths here are the
 * ones `LocalLink`s name. Guards wrap the pages that need a session or the artist role.
 */
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { loadScreens, type Screen } from '../lib/i18n';
import { RequireArtist, RequireAuth } from './guards';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RootRedirect } from './RootRedirect';
import { RouteError } from './RouteError';

/** A lazily loaded page with the English strings of the screens it shows (`common` is always there). */
function page<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
  screens: readonly Screen[],
) {
  return {
    lazy: async () => {
      const [module] = await Promise.all([load(), loadScreens(screens)]);
      return { Component: module[name] as ComponentType };
    },
  };
}

export const routes: RouteObject[] = [
  { path: '/', element: <RootRedirect /> },
  {
    path: '/:locale',
    element: <Layout />,
    children: [
      {
        // A page that fails to load shows RouteError inside the layout, header and all.
        errorElement: <RouteError />,
        children: [
          {
            index: true,
            ...page(() => import('../features/home/HomePage'), 'HomePage', ['home', 'feed']),
          },
          {
            path: 'search',
            ...page(() => import('../features/search/SearchPage'), 'SearchPage', ['search', 'style']),
          },
          {
            path: 'styles/:styleId',
            ...page(() => import('../features/styles/StylePage'), 'StylePage', ['style', 'feed']),
          },
          {
            path: 'images/:generationId',
            ...page(() => import('../features/gallery/ImagePage'), 'ImagePage', [
              'gallery',
              'feed',
              'license',
            ]),
          },
          {
            path: 'artists/:artistId',
            ...page(() => import('../features/artists/ArtistPage'), 'ArtistPage', [
              'artists',
              'feed',
              'style',
            ]),
          },
          {
            path: 'licenses/:licenseId',
            ...page(() => import('../features/licenses/LicensePage'), 'LicensePage', ['license']),
          },
          {
            path: 'verify',
            ...page(() => import('../features/licenses/VerifyPage'), 'VerifyPage', ['license']),
          },
          {
            element: <RequireAuth />,
            children: [
              {
                path: 'tokens',
                ...page(() => import('../features/tokens/TokensPage'), 'TokensPage', ['tokens']),
              },
              {
                path: 'tokens/return',
                ...page(() => import('../features/tokens/PurchaseReturnPage'), 'PurchaseReturnPage', [
                  'tokens',
                ]),
              },
              {
                path: 'images',
                ...page(() => import('../features/images/MyImagesPage'), 'MyImagesPage', [
                  'images',
                  'gallery',
                ]),
              },
              {
                path: 'artist/apply',
                ...page(() => import('../features/artist/BecomeArtistPage'), 'BecomeArtistPage', ['artist']),
              },
              {
                path: 'notifications',
                ...page(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage', [
                  'notifications',
                ]),
              },
              {
                path: 'account',
                ...page(() => import('../features/account/AccountPage'), 'AccountPage', ['account']),
              },
            ],
          },
          {
            element: <RequireArtist />,
            children: [
              {
                path: 'studio',
                ...page(() => import('../features/studio/StudioPage'), 'StudioPage', ['studio', 'artist']),
              },
              {
                path: 'studio/new',
                ...page(() => import('../features/studio/NewStylePage'), 'NewStylePage', ['studio']),
              },
              {
                path: 'studio/:styleId',
                ...page(() => import('../features/studio/StudioStylePage'), 'StudioStylePage', [
                  'studio',
                  'artist',
                ]),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
