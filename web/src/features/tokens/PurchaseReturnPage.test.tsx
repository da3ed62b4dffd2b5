import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../../test/unit/render';
import { POLL_MS, PurchaseReturnPage } from './PurchaseReturnPage';
import { recallReturnTo, rememberCheckoutLocale, rememberReturnTo } from './return-to';

const PURCHASE = '44444444-4444-4444-8444-444444444444';
const STYLE = '11111111-1111-4111-8111-111111111111';
const purchase = (status: string) => ({
  id: PURCHASE,
  packageId: 'tokens_100',
  tokens: 100,
  amount: 10_000,
  currency: 'krw',
  status,
  createdAt: '2026-12-01T10:00:00.000Z',
  paidAt: status === 'paid' ? '2026-12-01T10:00:05.000Z' : null,
});

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

function setup(statuses: string[], url = `/en/tokens/return?purchase=${PURCHASE}`) {
  let polls = 0;
  let balanceAsked = 0;
  const view = renderWithApp(<PurchaseReturnPage />, {
    path: url,
    route: '/:locale/tokens/return',
    api: {
      'payments.purchase': () => purchase(statuses[Math.min(polls++, statuses.length - 1)]!),
      'tokens.balance': () => {
        balanceAsked += 1;
        return { balance: 140 };
      },
    },
  });
  return { ...view, polls: () => polls, balanceAsked: () => balanceAsked };
}

describe('PurchaseReturnPage', () => {
  it('polls until paid, then shows the new balance and the way back', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    rememberReturnTo(`/styles/${STYLE}`);
    const view = setup(['pending', 'pending', 'paid']);
    expect(await screen.findByText('Confirming your payment…')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(2_100);
    expect(await screen.findByText('Payment complete')).toBeInTheDocument();
    expect(await screen.findByTestId('new-balance')).toHaveTextContent('140 tokens');
    expect(screen.getByText('100 tokens were added to your balance.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the style' })).toHaveAttribute(
      'href',
      `/en/styles/${STYLE}`,
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(view.polls()).toBe(3);
    expect(recallReturnTo()).toBeNull();
  });

  it('says when a payment failed or expired, with no way back to the style', async () => {
    rememberReturnTo(`/styles/${STYLE}`);
    setup(['expired']);
    expect(await screen.findByText('The checkout expired')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Back to the style' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Choose a package' })).toHaveAttribute('href', '/en/tokens');
  });

  it('returns to the language the buyer paid in', async () => {
    rememberCheckoutLocale('ko');
    const view = setup(['paid']);
    // (The layout, not part of this test, switches i18next to the URL's language.)
    await waitFor(() => expect(view.router.state.location.pathname).toBe('/ko/tokens/return'));
    expect(view.router.state.location.search).toBe(`?purchase=${PURCHASE}`);
    expect(await screen.findByText('Payment complete')).toBeInTheDocument();
  });

  it('does not poll a cancelled checkout, and checks again on request', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const view = setup(['pending', 'paid'], `/en/tokens/return?purchase=${PURCHASE}&checkout=cancelled`);
    expect(await screen.findByText('You cancelled the checkout. Nothing was charged.')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(view.polls()).toBe(1);
    screen.getByRole('button', { name: 'Check again' }).click();
    expect(await screen.findByText('Payment complete')).toBeInTheDocument();
    expect(view.polls()).toBe(2);
  });

  it('stops polling a purchase still pending after two minutes, and offers to check again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const view = setup(['pending']);
    expect(await screen.findByText('Confirming your payment…')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Check again' })).toBeNull();
    await vi.advanceTimersByTimeAsync(POLL_MS.stopAfter + 1_000);
    expect(await screen.findByRole('button', { name: 'Check again' })).toBeInTheDocument();
    const polled = view.polls();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(view.polls()).toBe(polled);
    screen.getByRole('button', { name: 'Check again' }).click();
    await waitFor(() => expect(view.polls()).toBe(polled + 1));
  });

  it('explains a missing purchase id', async () => {
    setup(['paid'], '/en/tokens/return');
    expect(await screen.findByText('There is no purchase to show here.')).toBeInTheDocument();
  });
});
