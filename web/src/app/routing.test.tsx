// Locale routing and guards as a visitor meets them: bare URLs get a language, guarded pages send
// signed-out visitors to sign in and non-artists to the artist application.
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/unit/render';
import { usePreferences } from '../stores/preferences';
import { routes } from './routes';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'a@b.c',
  displayName: 'Mina',
  avatarUrl: null,
};

function languages(list: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list);
}

afterEach(() => {
  vi.restoreAllMocks();
  usePreferences.setState({ locale: null });
});

describe('locale routing', () => {
  it('sends a first visit to the Accept-Language locale', async () => {
    languages(['ko-KR', 'en']);
    const { router } = renderWithApp({ routes }, { path: '/', api: { 'auth.me': () => null } });
    await waitFor(() => expect(router.state.location.pathname).toBe('/ko'));
  });

  it('prefers the signed-in profile language over the browser', async () => {
    languages(['ko-KR']);
    const { router } = renderWithApp(
      { routes },
      { path: '/', api: { 'auth.me': () => ({ ...me, locale: 'en', role: 'user' }) } },
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/en'));
  });

  it('keeps the page of a bare address and the purchase the checkout returns with', async () => {
    languages(['en-US']);
    usePreferences.setState({ locale: 'ko' });
    const first = renderWithApp({ routes }, { path: '/?purchase=p1', api: { 'auth.me': () => null } });
    await waitFor(() =>
      expect(`${first.router.state.location.pathname}${first.router.state.location.search}`).toBe(
        '/ko/tokens/return?purchase=p1',
      ),
    );
    first.unmount();
    const second = renderWithApp({ routes }, { path: '/verify?x=1', api: { 'auth.me': () => null } });
    await waitFor(() =>
      expect(`${second.router.state.location.pathname}${second.router.state.location.search}`).toBe(
        '/ko/verify?x=1',
      ),
    );
  });
});

describe('route guards', () => {
  it('sends a signed-out visitor to sign in, coming back to the page', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, pathname: '/en/images', search: '', assign });
    renderWithApp({ routes }, { path: '/en/images', api: { 'auth.me': () => null } });
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/auth/signin?returnTo=%2Fen%2Fimages'));
    vi.unstubAllGlobals();
  });

  it('offers the artist application to a signed-in non-artist on studio pages', async () => {
    renderWithApp(
      { routes },
      {
        path: '/en/studio',
        api: {
          'auth.me': () => ({ ...me, locale: 'en', role: 'user' }),
          'tokens.balance': () => ({ balance: 5 }),
          'notifications.unreadCount': () => ({ count: 2 }),
        },
      },
    );
    expect(await screen.findByRole('heading', { name: 'For artists' })).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Become an artist' })[0]).toHaveAttribute(
      'href',
      '/en/artist/apply',
    );
    expect(await screen.findByRole('link', { name: 'Notifications: 2 unread' })).toHaveAttribute(
      'href',
      '/en/notifications',
    );
  });
});
