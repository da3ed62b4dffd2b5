import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, networkError, renderWithApp, type ApiHandler } from '../../../test/unit/render';
import { GeneratePanel } from './GeneratePanel';
import { generation, LICENSE_ID, ME, STYLE } from './test-fixtures';

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

function setup(handlers: Record<string, ApiHandler>) {
  return renderWithApp(<GeneratePanel style={STYLE} />, {
    path: `/en/styles/${STYLE.id}`,
    api: { 'auth.me': () => ME, 'tokens.balance': () => ({ balance: 0 }), ...handlers },
  });
}

const submitButton = () => screen.findByRole('button', { name: 'Create image' });
const keyOf = (call: { input: unknown }) => (call.input as { idempotencyKey: string }).idempotencyKey;
const PENDING = `style-license:pending-generation:${STYLE.id}`;
const tagButton = (tag: string) =>
  within(screen.getByRole('list', { name: 'Pick from this style’s tags.' })).getByRole('button', {
    name: tag,
  });

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

  it('after an uncertain failure, a changed input still goes with the same key', async () => {
    let answer: () => unknown = () => {
      throw networkError();
    };
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => answer(),
    });
    fireEvent.click(await submitButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach the server');
    const first = keyOf(api.callsTo('generation.create')[0]!);
    expect(sessionStorage.getItem(PENDING)).toBe(first);
    // The buyer changes a tag: the first try may have charged, so the key is not renewed.
    fireEvent.click(tagButton('neon'));
    answer = () => {
      throw apiError('CONFLICT');
    };
    fireEvent.click(await submitButton());
    // The server knows the key with other input: the earlier request went through.
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('already went through'));
    expect(screen.getByRole('link', { name: 'Go to My images' })).toHaveAttribute('href', '/en/images');
    const second = api.callsTo('generation.create')[1]!;
    expect(keyOf(second)).toBe(first);
    expect(second.input).toMatchObject({ promptTags: ['neon'] });
    expect(sessionStorage.getItem(PENDING)).toBeNull();
    // Having been told, the buyer may buy again: a new purchase, a new key.
    answer = () => generation('queued');
    fireEvent.click(await submitButton());
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(3));
    expect(keyOf(api.callsTo('generation.create')[2]!)).not.toBe(first);
  });

  it('a reload after an uncertain failure sends the stored key again', async () => {
    sessionStorage.setItem(PENDING, 'pending-key-1234');
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => generation('queued'),
      'generation.get': () => generation('queued'),
    });
    fireEvent.click(await submitButton());
    await screen.findByText('Waiting for a free worker…');
    expect(keyOf(api.callsTo('generation.create')[0]!)).toBe('pending-key-1234');
    // A generation is a definite outcome: the key is forgotten.
    expect(sessionStorage.getItem(PENDING)).toBeNull();
  });

  it('keeps the pending key through a refusal that says nothing about the earlier try', async () => {
    let calls = 0;
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => {
        calls += 1;
        if (calls === 1) throw apiError('UNAVAILABLE');
        throw apiError('RATE_LIMITED');
      },
    });
    fireEvent.click(await submitButton());
    await screen.findByRole('alert');
    fireEvent.click(tagButton('city'));
    fireEvent.click(await submitButton());
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(2));
    await screen.findByRole('alert');
    fireEvent.click(tagButton('neon'));
    fireEvent.click(await submitButton());
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(3));
    const keys = api.callsTo('generation.create').map(keyOf);
    expect(new Set(keys).size).toBe(1);
    expect(sessionStorage.getItem(PENDING)).toBe(keys[0]);
  });

  it('a definite refusal after an uncertain failure frees the key', async () => {
    let calls = 0;
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => {
        calls += 1;
        if (calls === 1) throw networkError();
        throw apiError('VALIDATION_FAILED', [{ path: 'promptTags', rule: 'unknown_tag', message: 'neon' }]);
      },
    });
    fireEvent.click(await submitButton());
    await screen.findByRole('alert');
    expect(sessionStorage.getItem(PENDING)).not.toBeNull();
    fireEvent.click(await submitButton());
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(2));
    await waitFor(() => expect(sessionStorage.getItem(PENDING)).toBeNull());
  });

  it('refreshes the balance, My images and the token history after creating', async () => {
    const api = setup({
      'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
      'generation.create': () => generation('queued'),
      'generation.get': () => generation('queued'),
    });
    const spy = vi.spyOn(api.queryClient, 'invalidateQueries');
    fireEvent.click(await submitButton());
    await screen.findByText('Waiting for a free worker…');
    const invalidated = spy.mock.calls.map(([filters]) => JSON.stringify(filters?.queryKey?.[0]));
    for (const path of [
      ['tokens', 'balance'],
      ['generation', 'mine'],
      ['tokens', 'history'],
    ])
      expect(invalidated).toContain(JSON.stringify(path));
  });

  it('stops adding tags at the maximum of 20', async () => {
    const many = Array.from({ length: 22 }, (_, i) => `tag${i + 1}`);
    const api = renderWithApp(<GeneratePanel style={{ ...STYLE, tags: many }} />, {
      path: `/en/styles/${STYLE.id}`,
      api: {
        'auth.me': () => ME,
        'tokens.balance': () => ({ balance: 0 }),
        'generation.quote': () => ({ priceTokens: 5, balance: 100, enough: true }),
        'generation.create': () => generation('queued'),
        'generation.get': () => generation('queued'),
      },
    });
    await submitButton();
    for (const tag of many) fireEvent.click(tagButton(tag));
    expect(tagButton('tag20')).toHaveAttribute('aria-pressed', 'true');
    expect(tagButton('tag21')).toHaveAttribute('aria-pressed', 'false');
    expect(tagButton('tag22')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByText('You can pick up to 20 tags.')).toBeInTheDocument();
    // Taking one off makes room again.
    fireEvent.click(tagButton('tag1'));
    fireEvent.click(tagButton('tag22'));
    expect(tagButton('tag22')).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(await submitButton());
    await waitFor(() => expect(api.callsTo('generation.create')).toHaveLength(1));
    expect((api.callsTo('generation.create')[0]!.input as { promptTags: string[] }).promptTags).toHaveLength(
      20,
    );
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

  it('signed out, says the price per image in the right number', async () => {
    renderWithApp(<GeneratePanel style={{ ...STYLE, priceTokens: 1 }} />, {
      path: `/en/styles/${STYLE.id}`,
      api: { 'auth.me': () => null },
    });
    expect(await screen.findByText('1 token per image')).toBeInTheDocument();
  });
});
