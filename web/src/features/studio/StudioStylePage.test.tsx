import { useQuery } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MyStyle } from '@style-license/shared';
import { useTRPC } from '../../lib/trpc';
import { apiError, renderWithApp } from '../../../test/unit/render';
import { StudioStylePage } from './StudioStylePage';

const ID = '00000000-0000-4000-8000-0000000000a1';

const draft = (patch: Partial<MyStyle> = {}): MyStyle => ({
  id: ID,
  name: 'Ink Birds',
  description: 'Birds in ink.',
  tags: ['ink'],
  priceTokens: 20,
  status: 'draft',
  progress: 0,
  version: null,
  training: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  trainedAt: null,
  thumbnailUrl: null,
  ...patch,
});

/** The buyer-facing queries a save must refresh, kept on screen so an invalidation refetches them. */
function BuyerViews() {
  const trpc = useTRPC();
  useQuery(trpc.styles.get.queryOptions({ styleId: ID }));
  useQuery(trpc.generation.quote.queryOptions({ styleId: ID }));
  return null;
}

function renderPage(mine: () => MyStyle[], extra: Record<string, (input: unknown) => unknown> = {}) {
  return renderWithApp(
    <>
      <StudioStylePage />
      <BuyerViews />
    </>,
    {
      path: `/en/studio/${ID}`,
      route: '/:locale/studio/:styleId',
      api: {
        'styles.mine': mine,
        'training.images': () => [],
        'styles.popularTags': () => [],
        'styles.get': () => ({}),
        'generation.quote': () => ({}),
        ...extra,
      },
    },
  );
}

const mineKey = [['styles', 'mine']];

describe('StudioStylePage', () => {
  it('shows the error with Retry only when the style never loaded', async () => {
    renderPage(() => {
      throw apiError('NOT_FOUND');
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/try again/i);
  });

  it('keeps the page when a background refresh fails, with a small notice', async () => {
    let fail = false;
    const { queryClient } = renderPage(() => {
      if (fail) throw apiError('NOT_FOUND');
      return [draft()];
    });
    expect(await screen.findByRole('heading', { name: 'Ink Birds' })).toBeInTheDocument();
    fail = true;
    await queryClient.invalidateQueries({ queryKey: mineKey });
    expect(await screen.findByText(/Could not refresh/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Ink Birds' })).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('Ink Birds');
  });
});

describe('StyleSettings', () => {
  it('keeps unsaved edits when the style changes underneath (a training run ends)', async () => {
    let style = draft();
    const { queryClient } = renderPage(() => [style]);
    const name = await screen.findByLabelText('Name');
    fireEvent.change(name, { target: { value: 'Ink Birds, unsaved' } });
    style = draft({
      status: 'queued',
      description: 'Changed elsewhere.',
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    await queryClient.invalidateQueries({ queryKey: mineKey });
    // The untouched field follows the server; the touched one keeps the artist's text.
    await waitFor(() => expect(screen.getByLabelText(/^Description/)).toHaveValue('Changed elsewhere.'));
    expect(screen.getByLabelText('Name')).toHaveValue('Ink Birds, unsaved');
  });

  it('after a save, refreshes the public page and the quote, and follows the saved values', async () => {
    let style = draft();
    const { queryClient, callsTo } = renderPage(() => [style], {
      'styles.update': (input) => {
        const { name } = input as { name: string };
        style = draft({ name, updatedAt: '2026-01-03T00:00:00.000Z' });
        return style;
      },
    });
    const name = await screen.findByLabelText('Name');
    await waitFor(() => expect(callsTo('generation.quote')).toHaveLength(1));
    expect(callsTo('styles.get')).toHaveLength(1);
    fireEvent.change(name, { target: { value: 'Ink Birds II' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsTo('generation.quote')).toHaveLength(2));
    expect(callsTo('styles.update')).toEqual([
      { path: 'styles.update', input: { styleId: ID, name: 'Ink Birds II' } },
    ]);
    expect(callsTo('styles.get')).toHaveLength(2);
    await screen.findByRole('heading', { name: 'Ink Birds II' });
    // Saved, the field is the server's again: a later change there shows.
    style = draft({ name: 'Renamed elsewhere', updatedAt: '2026-01-04T00:00:00.000Z' });
    await queryClient.invalidateQueries({ queryKey: mineKey });
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveValue('Renamed elsewhere'));
  });
});
