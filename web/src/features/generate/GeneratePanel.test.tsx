import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, networkError, renderWithApp, type ApiHandler } from '../../../test/unit/render';
import { GeneratePanel } from './GeneratePanel';
import { GenerationStatus } from './GenerationStatus';

const STYLE = { id: '11111111-1111-4111-8111-111111111111', name: 'Neon Nights', tags: ['neon', 'city'] };
const GEN_ID = '22222222-2222-4222-8222-222222222222';
const LICENSE_ID = '33333333-3333-4333-8333-333333333333';
const ME = { id: 'u', displayName: 'Mina', role: 'user' };

function generation(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: GEN_ID,
    styleId: STYLE.id,
    styleVersion: 1,
    status,
    promptTags: [],
    text: '',
    seed: 1,
    costTokens: 5,
    visibility: 'private',
    licenseId: null,
    failureCode: null,
    failureReason: null,
    createdAt: '2026-01-01T00:00:00Z',
    completedAt: null,
    previewUrl: null,
    mine: true,
    ...extra,
  };
}

function setup(handlers: Record<string, ApiHandler>) {
  return renderWithApp(<GeneratePanel style={STYLE} />, {
    path: `/en/styles/${STYLE.id}`,
    api: { 'auth.me': () => ME, 'tokens.balance': () => ({ balance: 0 }), ...handlers },
  });
}

const submitButton = () => screen.findByRole('button', { name: 'Create image' });

describe('GeneratePanel', () => {
  it('shows the cost and the balance from the quote', async () => {
    setup({ 'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }) });
    expect(await screen.findByTestId('quote-cost')).toHaveTextContent('5 tokens');
    expect(screen.getByTestId('quote-balance')).toHaveTextContent('100 tokens');
    expect(screen.getByText('95 tokens')).toBeInTheDocument();
  });

  it('when short, offers to buy the missing tokens and never calls create', async () => {
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 2, enough: false }),
      'generation.create': () => generation('queued'),
    });
    const buy = await screen.findByRole('link', { name: 'Buy tokens' });
    expect(buy).toHaveAttribute(
      'href',
      `/en/tokens?need=3&returnTo=${encodeURIComponent(`/en/styles/${STYLE.id}`)}`,
    );
    expect(screen.queryByRole('button', { name: 'Create image' })).toBeNull();
    fireEvent.submit(buy.closest('form')!);
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(api.callsTo('generation.create')).toHaveLength(0);
  });

  it('a double click creates once, with the quoted price and one idempotency key', async () => {
    let release: (v: unknown) => void = () => {};
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => new Promise((r) => (release = r)),
      'generation.get': () => generation('queued'),
    });
    const button = await submitButton();
    fireEvent.click(button);
    fireEvent.click(button);
    // Enter in a field submits the form even while the button is disabled.
    fireEvent.submit(button.closest('form')!);
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Starting…' })).toBeDisabled();
    const input = api.callsTo('generation.create')[0]!.input as Record<string, unknown>;
    expect(input).toMatchObject({ styleId: STYLE.id, expectedPriceTokens: 5, promptTags: [], text: '' });
    expect(input.idempotencyKey).toMatch(/^[\w.:-]{8,100}$/);
    release(generation('queued'));
    expect(await screen.findByText('Waiting for a free worker…')).toBeInTheDocument();
    expect(api.callsTo('generation.create')).toHaveLength(1);
  });

  it('retries after a network failure with the same key, and a new purchase gets a new key', async () => {
    let fail = true;
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => {
        if (fail) throw networkError();
        return generation('queued');
      },
      'generation.get': () => generation('succeeded', { licenseId: LICENSE_ID, previewUrl: 'blob:x' }),
    });
    fireEvent.click(await submitButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach the server');
    fail = false;
    fireEvent.click(await submitButton());
    await screen.findByRole('button', { name: 'Create another' });
    const [first, second] = api
      .callsTo('generation.create')
      .map((c) => (c.input as { idempotencyKey: string }).idempotencyKey);
    expect(second).toBe(first);
    fireEvent.click(screen.getByRole('button', { name: 'Create another' }));
    fireEvent.click(await submitButton());
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(3));
    const third = (api.callsTo('generation.create')[2]!.input as { idempotencyKey: string }).idempotencyKey;
    expect(third).not.toBe(first);
  });

  it('INSUFFICIENT_CREDITS from the server shows the buy path', async () => {
    setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 6, enough: true }),
      'generation.create': () => {
        throw apiError('INSUFFICIENT_CREDITS');
      },
    });
    fireEvent.click(await submitButton());
    expect(await screen.findByRole('link', { name: 'Buy tokens' })).toHaveAttribute(
      'href',
      expect.stringContaining('/en/tokens?need='),
    );
    expect(screen.queryByRole('button', { name: 'Create image' })).toBeNull();
  });

  it('a changed price says so and refreshes the quote', async () => {
    let price = 5;
    const api = setup({
      'generation.quote': () => ({ priceTokens: price, balance: 100, enough: true }),
      'generation.create': () => {
        price = 7;
        throw apiError('CONFLICT', [
          { path: 'expectedPriceTokens', rule: 'price_changed', value: 7, message: '' },
        ]);
      },
    });
    fireEvent.click(await submitButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('The price changed to 7 tokens');
    await waitFor(() => expect(screen.getByTestId('quote-cost')).toHaveTextContent('7 tokens'));
    expect(api.callsTo('generation.quote').length).toBeGreaterThan(1);
  });

  it('refuses too long a description before sending', async () => {
    const api = setup({ 'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }) });
    fireEvent.change(await screen.findByLabelText('Description'), { target: { value: 'x'.repeat(501) } });
    expect(screen.getByText('501 / 500')).toBeInTheDocument();
    fireEvent.click(await submitButton());
    expect(await screen.findByText('Keep the description to 500 characters.')).toBeInTheDocument();
    expect(api.callsTo('generation.create')).toHaveLength(0);
  });

  it('signed out, shows a sign-in button instead of the form', async () => {
    const api = renderWithApp(<GeneratePanel style={STYLE} />, {
      path: `/en/styles/${STYLE.id}`,
      api: { 'auth.me': () => null },
    });
    expect(await screen.findByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      expect.stringContaining('/auth/signin?returnTo='),
    );
    expect(api.callsTo('generation.quote')).toHaveLength(0);
  });
});

describe('GenerationStatus', () => {
  function status(handler: ApiHandler) {
    return renderWithApp(
      <GenerationStatus generationId={GEN_ID} styleId={STYLE.id} styleName={STYLE.name} onAgain={() => {}} />,
      {
        path: '/en/styles/x',
        api: {
          'generation.get': handler,
          'tokens.balance': () => ({ balance: 0 }),
          'generation.quote': () => null,
        },
      },
    );
  }

  it('shows queued, then follows the job to running by polling', async () => {
    let state = 'queued';
    status(() => generation(state));
    expect(await screen.findByText('Waiting for a free worker…')).toBeInTheDocument();
    state = 'running';
    expect(await screen.findByText('Creating your image…', {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it('succeeded: the image, its download, license and My images', async () => {
    status(() => generation('succeeded', { licenseId: LICENSE_ID, previewUrl: 'blob:preview' }));
    expect(await screen.findByText('Your image is ready.')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Your image in the style Neon Nights' })).toHaveAttribute(
      'src',
      'blob:preview',
    );
    expect(screen.getByRole('button', { name: 'Download PNG' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'View license' })).toHaveAttribute(
      'href',
      `/en/licenses/${LICENSE_ID}`,
    );
    expect(screen.getByRole('link', { name: 'My images' })).toHaveAttribute('href', '/en/images');
  });

  it('failed: the reason, saying the tokens were refunded', async () => {
    status(() =>
      generation('failed', {
        failureCode: 'expired',
        failureReason: 'No result within 2 minutes 30 seconds; your tokens were refunded.',
        failureSeconds: 150,
      }),
    );
    expect(await screen.findByText('This image could not be made.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'No result within 2 minutes 30 seconds; your tokens were refunded.',
    );
  });

  it('stops polling once the job ended', async () => {
    const api = status(() => generation('failed', { failureCode: 'processing_failed' }));
    await screen.findByText('This image could not be made.');
    const count = api.callsTo('generation.get').length;
    await act(() => new Promise((r) => setTimeout(r, 1300)));
    expect(api.callsTo('generation.get')).toHaveLength(count);
  });
});
