import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_PACKAGES } from '@style-license/shared';
import { renderWithApp } from '../../../test/unit/render';
import { recallReturnTo } from './return-to';
import { TokensPage } from './TokensPage';

const STYLE = '11111111-1111-4111-8111-111111111111';
const PURCHASE = '44444444-4444-4444-8444-444444444444';

const entry = (id: number, extra: Record<string, unknown>) => ({
  id,
  createdAt: '2026-12-01T10:00:00.000Z',
  balanceAfter: 95,
  note: null,
  ...extra,
});

function setup(url: string) {
  return renderWithApp(<TokensPage />, {
    path: url,
    route: '/:locale/tokens',
    api: {
      'tokens.balance': () => ({ balance: 40 }),
      'payments.packages': () => TOKEN_PACKAGES,
      'payments.createCheckout': () => ({ purchaseId: PURCHASE, url: `/dev-checkout/${PURCHASE}` }),
      'tokens.history': (input) => {
        const { cursor } = input as { cursor?: number };
        if (cursor) {
          return {
            entries: [
              entry(1, {
                kind: 'purchase',
                delta: 100,
                subject: { type: 'purchase', purchaseId: PURCHASE, packageId: 'tokens_100', status: 'paid' },
              }),
            ],
            nextCursor: null,
          };
        }
        return {
          entries: [
            entry(2, {
              kind: 'generation_charge',
              delta: -5,
              subject: {
                type: 'generation',
                generationId: PURCHASE,
                styleId: STYLE,
                styleName: 'Ink Wash',
                reason: null,
              },
            }),
          ],
          nextCursor: 2,
        };
      },
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('TokensPage', () => {
  it('highlights the package covering the need and checks out with it, remembering where to return', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const user = userEvent.setup();
    const view = setup(`/en/tokens?need=120&returnTo=${encodeURIComponent(`/styles/${STYLE}`)}`);
    const chosen = await screen.findByTestId('package-tokens_500');
    expect(chosen).toHaveAttribute('data-highlighted');
    expect(screen.getByTestId('package-tokens_100')).not.toHaveAttribute('data-highlighted');
    expect(within(chosen).getByText('Covers what you need')).toBeInTheDocument();
    expect(screen.getByText('You need 120 more tokens for this image')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back without buying' })).toHaveAttribute(
      'href',
      `/en/styles/${STYLE}`,
    );

    await user.click(within(chosen).getByRole('button', { name: 'Buy for ₩45,000' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith(`/dev-checkout/${PURCHASE}`));
    expect(view.calls.find((c) => c.path === 'payments.createCheckout')?.input).toEqual({
      packageId: 'tokens_500',
    });
    expect(recallReturnTo()).toBe(`/styles/${STYLE}`);
  });

  it('turns the Buy buttons back on when Back restores the page from the back/forward cache', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const user = userEvent.setup();
    setup('/en/tokens');
    const pkg = await screen.findByTestId('package-tokens_100');
    await user.click(within(pkg).getByRole('button'));
    await waitFor(() => expect(assign).toHaveBeenCalled());
    expect(within(pkg).getByRole('button')).toBeDisabled();
    // A page shown fresh (not from the cache) changes nothing; one restored from it is usable again.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    expect(within(pkg).getByRole('button')).toBeDisabled();
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await waitFor(() => expect(within(pkg).getByRole('button')).toBeEnabled());
    for (const id of ['tokens_500', 'tokens_1000'])
      expect(within(screen.getByTestId(`package-${id}`)).getByRole('button')).toBeEnabled();
  });

  it('ignores a returnTo that leaves the site', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const user = userEvent.setup();
    setup(`/en/tokens?need=5&returnTo=${encodeURIComponent('//evil.com/x')}`);
    const chosen = await screen.findByTestId('package-tokens_100');
    expect(screen.queryByRole('link', { name: 'Back without buying' })).toBeNull();
    await user.click(within(chosen).getByRole('button'));
    await waitFor(() => expect(assign).toHaveBeenCalled());
    expect(recallReturnTo()).toBeNull();
  });

  it('lists history with named subjects, filters by kind (the CSV link too) and loads more', async () => {
    const user = userEvent.setup();
    const view = setup('/en/tokens');
    const [first] = await screen.findAllByTestId('history-entry');
    expect(within(first!).getByText('Image in “Ink Wash”')).toBeInTheDocument();
    expect(within(first!).getByText('−5')).toBeInTheDocument();
    expect(within(first!).getByRole('link', { name: 'Style page' })).toHaveAttribute(
      'href',
      `/en/styles/${STYLE}`,
    );
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/tokens/history.csv');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Bought the 100-token package')).toBeInTheDocument();
    expect(screen.getByText('+100')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.click(screen.getByRole('button', { name: 'Image' }));
    expect(screen.getByRole('button', { name: 'Image' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/tokens/history.csv?kinds=generation_charge,generation_refund',
    );
    await waitFor(() =>
      expect(view.calls.filter((c) => c.path === 'tokens.history').at(-1)?.input).toMatchObject({
        kinds: ['generation_charge', 'generation_refund'],
      }),
    );
  });
});
