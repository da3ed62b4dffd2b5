import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../../test/unit/render';
import { SearchPage } from './SearchPage';

const style = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name: `Style ${n}`,
  tags: ['ink'],
  priceTokens: 5,
  artist: { id: '00000000-0000-4000-8000-000000000099', displayName: 'Hana' },
  generationCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
  thumbnailUrl: null,
  demo: false,
});

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.search}</output>;
}

describe('SearchPage', () => {
  it('searches by the URL tags and sort, pages with the cursor and shows each style once', async () => {
    const api = renderWithApp(
      <>
        <SearchPage />
        <Where />
      </>,
      {
        path: '/en/search?tags=Ink&sort=popular',
        api: {
          'styles.popularTags': () => [
            { name: 'ink', styleCount: 2 },
            { name: 'portrait', styleCount: 1 },
          ],
          'styles.search': (input) => {
            const { cursor } = input as { cursor?: string };
            return cursor
              ? { items: [style(2), style(3)], nextCursor: null }
              : { items: [style(1), style(2)], nextCursor: 'c1' };
          },
        },
      },
    );
    expect(await screen.findByText('Style 1')).toBeInTheDocument();
    expect(api.callsTo('styles.search')[0]!.input).toMatchObject({ tags: ['ink'], sort: 'popular' });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Style 3')).toBeInTheDocument();
    expect(screen.getAllByText('Style 2')).toHaveLength(1);
    expect(api.callsTo('styles.search')[1]!.input).toMatchObject({ cursor: 'c1' });
    expect(screen.getByText('That’s every matching style.')).toBeInTheDocument();

    // A popular tag toggles into the AND list, in the URL.
    fireEvent.click(screen.getByRole('button', { name: 'portrait', pressed: false }));
    await waitFor(() =>
      expect(screen.getByTestId('where')).toHaveTextContent('?tags=ink%2Cportrait&sort=popular'),
    );
  });

  it('shows the empty state when nothing has all the tags', async () => {
    renderWithApp(<SearchPage />, {
      path: '/en/search?tags=ink,kids',
      api: {
        'styles.popularTags': () => [],
        'styles.search': () => ({ items: [], nextCursor: null }),
      },
    });
    expect(await screen.findByText('No style has all of these tags')).toBeInTheDocument();
  });
});
