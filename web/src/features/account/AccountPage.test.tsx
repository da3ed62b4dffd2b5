import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Outlet } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '@style-license/shared';
import { apiError, renderWithApp, Where } from '../../../test/unit/render';
import { usePreferences } from '../../stores/preferences';
import { AccountPage } from './AccountPage';

const profile: Profile = {
  id: 'ca1bfad7-6675-4914-9719-06a9d24c460e',
  email: 'mira@example.test',
  displayName: 'Mira Quill',
  avatarUrl: null,
  locale: 'en',
  role: 'artist',
  artist: { contactEmail: 'studio@mira.test', artistSince: '2026-03-01T09:00:00Z' },
};
const CURRENT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const session = (id: string, current: boolean, kind: 'web' | 'desktop', label: string | null) => ({
  id,
  kind,
  label,
  current,
  createdAt: '2026-12-01T09:00:00Z',
  lastUsedAt: current ? '2026-12-07T09:00:00Z' : '2026-12-06T09:00:00Z',
  expiresAt: '2027-01-01T09:00:00Z',
});

const routes = [
  {
    path: '/:locale',
    element: (
      <>
        <Outlet />
        <Where />
      </>
    ),
    children: [
      { index: true, element: <p>home</p> },
      { path: 'account', element: <AccountPage /> },
    ],
  },
];
function show(api: Record<string, (input: unknown) => unknown> = {}) {
  let sessions = [session(CURRENT, true, 'web', null), session(OTHER, false, 'desktop', 'Studio laptop')];
  return renderWithApp(
    { routes },
    {
      path: '/en/account',
      api: {
        'profile.get': () => profile,
        'auth.sessions': () => sessions,
        'auth.revokeSession': (input) => {
          sessions = sessions.filter((s) => s.id !== (input as { sessionId: string }).sessionId);
          return { ok: true };
        },
        ...api,
      },
    },
  );
}

describe('AccountPage', () => {
  beforeEach(() => usePreferences.setState({ locale: null }));

  it('marks the current session and offers no revoke for it; revoking another asks first, then sends its id', async () => {
    const { calls } = show();
    const list = (await screen.findByText('Studio laptop')).closest('ul')!;
    const [current, other] = within(list).getAllByRole('listitem');
    expect(within(current!).getByText('This browser')).toBeInTheDocument();
    expect(within(current!).queryByRole('button')).toBeNull();
    expect(within(other!).queryByText('This browser')).toBeNull();

    await userEvent.click(within(other!).getByRole('button', { name: /Sign out Studio laptop/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(calls.some((c) => c.path === 'auth.revokeSession')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === 'auth.revokeSession')).toEqual([
        { path: 'auth.revokeSession', input: { sessionId: OTHER } },
      ]),
    );
    await waitFor(() => expect(screen.queryByText('Studio laptop')).not.toBeInTheDocument());
  });

  it('cancelling the confirm revokes nothing', async () => {
    const { calls } = show();
    await userEvent.click(await screen.findByRole('button', { name: /Sign out Studio laptop/ }));
    await userEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }),
    );
    expect(calls.some((c) => c.path === 'auth.revokeSession')).toBe(false);
  });

  it('saving another language saves it, remembers it and moves to the other prefix', async () => {
    const { calls } = show({ 'profile.update': (input) => ({ ...profile, ...(input as object) }) });
    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Language of the site' }),
      'ko',
    );
    await userEvent.click(
      within(screen.getByRole('region', { name: 'Language' })).getByRole('button', { name: 'Save' }),
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/ko/account'));
    expect(calls).toContainEqual({ path: 'profile.update', input: { locale: 'ko' } });
    expect(usePreferences.getState().locale).toBe('ko');
  });

  it('shows each broken name rule', async () => {
    show({
      'profile.update': () => {
        throw apiError('VALIDATION_FAILED', [
          { path: 'displayName', rule: 'markup', message: '' },
          { path: 'displayName', rule: 'contains_url', message: '' },
        ]);
      },
    });
    const name = await screen.findByRole('textbox', { name: 'Display name' });
    await userEvent.clear(name);
    await userEvent.type(name, '<b>mira.com');
    await userEvent.click(
      within(screen.getByRole('region', { name: 'Profile' })).getByRole('button', { name: 'Save' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.querySelectorAll('span')).toHaveLength(2);
    expect(name).toHaveAttribute('aria-invalid', 'true');
  });

  it('signs out everywhere after a confirm, clears the cache and goes home', async () => {
    const { calls, queryClient } = show({ 'auth.signOutEverywhere': () => ({ ended: 2 }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    await userEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Sign out everywhere' }),
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/en$/));
    expect(calls.map((c) => c.path)).toContain('auth.signOutEverywhere');
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
  });

  it('shows the artist profile with a studio link, or the way to become an artist', async () => {
    show();
    expect(await screen.findByText('studio@mira.test')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the artist studio' })).toHaveAttribute(
      'href',
      '/en/studio',
    );
  });

  it('offers a buyer the way to become an artist', async () => {
    show({ 'profile.get': () => ({ ...profile, role: 'user', artist: null }) });
    expect(await screen.findByRole('link', { name: 'Become an artist' })).toHaveAttribute(
      'href',
      '/en/artist/apply',
    );
  });
});
