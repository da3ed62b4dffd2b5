import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import {
  ARTIST_ID,
  STYLE_ID,
  feedItem,
  feedPage,
  imageId,
  reader,
} from '../../components/gallery/feed-fixtures';
import { apiError, renderWithApp, type ApiHandlers } from '../../../test/unit/render';
import { HomePage } from './HomePage';

function Search() {
  return <output data-testid="search">{useLocation().search}</output>;
}

function renderHome(path: string, api: ApiHandlers, locale: 'en' | 'ko' = 'en') {
  return renderWithApp(
    <>
      <HomePage />
      <Search />
    </>,
    {
      path,
      locale,
      api: {
        'auth.me': () => null,
        'styles.popularTags': () => [
          { name: 'ink', styleCount: 3 },
          { name: 'portrait', styleCount: 2 },
        ],
        ...api,
      },
    },
  );
}

const images = () => screen.getByRole('list', { name: 'Images' });

describe('HomePage: the community feed', () => {
  it('shows each image as a card linking to the image, its style and its artist, with its counts', async () => {
    renderHome('/en', {
      'gallery.feed': () =>
        feedPage([feedItem(1, { likeCount: 7, commentCount: 4, demo: true }), feedItem(2)]),
    });
    await screen.findByRole('list', { name: 'Images' });
    const [first] = within(images()).getAllByRole('article');
    const card = within(first!);
    expect(card.getByRole('img', { name: 'An image in the style Ink Wash, made by Dana' })).toHaveAttribute(
      'loading',
      'lazy',
    );
    expect(
      card.getByRole('img', { name: 'An image in the style Ink Wash, made by Dana' }).closest('a'),
    ).toHaveAttribute('href', `/en/images/${imageId(1)}`);
    expect(card.getByRole('link', { name: 'Ink Wash' })).toHaveAttribute('href', `/en/styles/${STYLE_ID}`);
    expect(card.getByRole('link', { name: 'by Mina Park' })).toHaveAttribute(
      'href',
      `/en/artists/${ARTIST_ID}`,
    );
    expect(card.getByText('Shared by Dana')).toBeInTheDocument();
    expect(card.getByRole('link', { name: 'Sign in to like (7 likes)' })).toBeInTheDocument();
    expect(card.getByRole('link', { name: '4 comments' })).toHaveAttribute(
      'href',
      `/en/images/${imageId(1)}`,
    );
    expect(card.getByText('Demo')).toBeInTheDocument();
    expect(within(within(images()).getAllByRole('article')[1]!).queryByText('Demo')).toBeNull();
    // Visitors get the welcome above the feed, whose heading then is not the page's title.
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(/real artist’s style/);
    expect(screen.getByRole('heading', { level: 2, name: 'Community feed' })).toBeInTheDocument();
  });

  it('likes from the grid and shows the count the server answered', async () => {
    const api = renderHome('/en', {
      'auth.me': () => reader,
      'gallery.feed': () => feedPage([feedItem(1, { likeCount: 3 })]),
      'likes.add': () => ({ liked: true, likeCount: 10 }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Like (3 likes)' }));
    expect(
      await screen.findByRole('button', { name: 'Unlike (10 likes)', pressed: true }),
    ).toBeInTheDocument();
    expect(api.callsTo('likes.add')).toEqual([{ path: 'likes.add', input: { generationId: imageId(1) } }]);
    // Signed in, the feed's own heading is the page's title and there is no welcome.
    expect(screen.getByRole('heading', { level: 1, name: 'Community feed' })).toBeInTheDocument();
  });

  it('asks a signed-out visitor on the following tab to sign in, and asks the API nothing for it', async () => {
    const api = renderHome('/en?feed=following', { 'gallery.feed': () => feedPage([feedItem(1)]) });
    expect(await screen.findByText('New images from the artists you follow')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      expect.stringContaining('/auth/signin?returnTo='),
    );
    expect(screen.getByRole('link', { name: 'Following' })).toHaveAttribute('aria-current', 'page');
    expect(api.callsTo('gallery.feed')).toEqual([]);
    expect(screen.queryByRole('list', { name: 'Images' })).toBeNull();
  });

  it('explains the following tab to someone who follows no one, and points to styles', async () => {
    const api = renderHome('/en?feed=following', {
      'auth.me': () => reader,
      'gallery.feed': () => feedPage([]),
      'follows.mine': () => ({ items: [], nextCursor: null }),
    });
    expect(await screen.findByText('You don’t follow any artists yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Find artists by style' })).toHaveAttribute('href', '/en/search');
    expect(api.callsTo('gallery.feed')[0]!.input).toMatchObject({ following: true });
  });

  it('says so when the followed artists have shared nothing yet', async () => {
    renderHome('/en?feed=following', {
      'auth.me': () => reader,
      'gallery.feed': () => feedPage([]),
      'follows.mine': () => ({
        items: [
          { id: ARTIST_ID, displayName: 'Mina Park', avatarUrl: null, followedAt: '2026-12-01T00:00:00Z' },
        ],
        nextCursor: null,
      }),
    });
    expect(await screen.findByText('Nothing new from the artists you follow')).toBeInTheDocument();
    // Who the tab follows, each a way to their page.
    const followed = screen.getByRole('navigation', { name: 'Artists you follow' });
    expect(within(followed).getByRole('link', { name: /Mina Park/ })).toHaveAttribute(
      'href',
      `/en/artists/${ARTIST_ID}`,
    );
  });

  it('keeps the filters in the URL and sends them as the feed’s input', async () => {
    const api = renderHome(`/en?tag=Ink&style=${STYLE_ID}&artist=not-an-id`, {
      'gallery.feed': () => feedPage([feedItem(1)]),
    });
    await screen.findByRole('list', { name: 'Images' });
    // The tag is normalised and a malformed id is dropped rather than sent to be refused.
    const first = api.callsTo('gallery.feed')[0]!.input as Record<string, unknown>;
    expect(first).toMatchObject({ following: false, tag: 'ink', styleId: STYLE_ID, limit: 24 });
    expect(first.artistId).toBeUndefined();
    const active = screen.getByRole('list', { name: 'Active filters' });
    expect(within(active).getByText('Style: Ink Wash')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Remove the filter “Style: Ink Wash”' }));
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent(/^\?tag=ink$/));
    await waitFor(() => expect(api.callsTo('gallery.feed')).toHaveLength(2));
    expect(api.callsTo('gallery.feed')[1]!.input).toMatchObject({ tag: 'ink', styleId: undefined });

    // A popular tag replaces the tag; pressed again, it clears it.
    fireEvent.click(screen.getByRole('button', { name: 'portrait', pressed: false }));
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent(/^\?tag=portrait$/));
    fireEvent.click(await screen.findByRole('button', { name: 'portrait', pressed: true }));
    await waitFor(() => expect(screen.getByTestId('search')).toBeEmptyDOMElement());

    // A typed tag, normalised.
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by tag' }), {
      target: { value: ' Water Color ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent('?tag=water+color'));
    await waitFor(() =>
      expect(api.callsTo('gallery.feed').at(-1)!.input).toMatchObject({ tag: 'water color' }),
    );
    // The box empties for the next tag; an empty entry changes nothing.
    expect(screen.getByRole('combobox', { name: 'Filter by tag' })).toHaveValue('');
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect(screen.getByTestId('search')).toHaveTextContent('?tag=water+color');

    // The tabs keep the filters.
    expect(screen.getByRole('link', { name: 'Following' })).toHaveAttribute(
      'href',
      '/en?feed=following&tag=water+color',
    );
  });

  it('pages with the cursor, showing each image once', async () => {
    const api = renderHome('/en', {
      'gallery.feed': (input) =>
        (input as { cursor?: string }).cursor === 'c1'
          ? feedPage([feedItem(2), feedItem(3)])
          : feedPage([feedItem(1), feedItem(2)], 'c1'),
    });
    await screen.findByRole('list', { name: 'Images' });
    expect(within(images()).getAllByRole('article')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(images()).getAllByRole('article')).toHaveLength(3));
    expect(api.callsTo('gallery.feed')[1]!.input).toMatchObject({ cursor: 'c1', limit: 24 });
    expect(screen.getByText('That’s every image.')).toBeInTheDocument();
  });

  it('shows a failed feed with a retry that asks again', async () => {
    let fail = true;
    const api = renderHome('/en', {
      'gallery.feed': () => {
        if (fail) throw apiError('RATE_LIMITED');
        return feedPage([feedItem(1)]);
      },
    });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    fail = false;
    fireEvent.click(retry);
    expect(await screen.findByRole('list', { name: 'Images' })).toBeInTheDocument();
    expect(api.callsTo('gallery.feed')).toHaveLength(2);
  });

  it('offers a way out of an empty filtered feed', async () => {
    renderHome('/en?tag=nothing', { 'gallery.feed': () => feedPage([]) });
    expect(await screen.findByText('No images match these filters')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getByTestId('search')).toBeEmptyDOMElement());
  });

  it('reads in Korean', async () => {
    renderHome(
      '/ko',
      { 'gallery.feed': () => feedPage([feedItem(1, { likeCount: 2, commentCount: 5 })]) },
      'ko',
    );
    expect(await screen.findByRole('list', { name: '이미지' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: '커뮤니티 피드' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '작가 Mina Park' })).toHaveAttribute(
      'href',
      `/ko/artists/${ARTIST_ID}`,
    );
    expect(screen.getByRole('link', { name: '댓글 5개' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '최신' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText('Dana 님이 공유')).toBeInTheDocument();
  });
});
