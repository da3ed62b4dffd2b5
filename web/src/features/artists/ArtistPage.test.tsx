import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ARTIST_ID, STYLE_ID, feedItem, feedPage, reader } from '../../components/gallery/feed-fixtures';
import { apiError, renderWithApp, type ApiHandlers } from '../../../test/unit/render';
import { ArtistPage } from './ArtistPage';

const artist = {
  id: ARTIST_ID,
  displayName: 'Mina Park',
  avatarUrl: null,
  bio: 'Ink and water, mostly harbours.',
  joinedAt: '2026-03-05T10:00:00.000Z',
  followerCount: 4,
  followedByMe: false,
  demo: true,
};

const style = {
  id: STYLE_ID,
  name: 'Ink Wash',
  tags: ['ink'],
  priceTokens: 5,
  artist: { id: ARTIST_ID, displayName: 'Mina Park' },
  generationCount: 3,
  createdAt: '2026-04-01T00:00:00Z',
  thumbnailUrl: null,
  demo: false,
};

function renderArtist(api: ApiHandlers, locale: 'en' | 'ko' = 'en', artistId = ARTIST_ID) {
  return renderWithApp(<ArtistPage />, {
    path: `/${locale}/artists/${artistId}`,
    route: '/:locale/artists/:artistId',
    locale,
    api: {
      'auth.me': () => reader,
      'artists.page': () => artist,
      'styles.search': () => ({ items: [style], nextCursor: null }),
      'gallery.feed': () => feedPage([feedItem(1), feedItem(2)]),
      ...api,
    },
  });
}

describe('ArtistPage', () => {
  it('shows the profile, the artist’s styles and the public images made in them', async () => {
    const api = renderArtist({});
    expect(await screen.findByRole('heading', { level: 1, name: 'Mina Park' })).toBeInTheDocument();
    expect(screen.getByText('Ink and water, mostly harbours.')).toBeInTheDocument();
    expect(screen.getByText('Joined March 5, 2026')).toBeInTheDocument();
    expect(screen.getByText('4 followers')).toBeInTheDocument();
    expect(screen.getByText('Demo')).toBeInTheDocument();
    expect(document.title).toBe('Mina Park · Style License');

    const styles = await screen.findByRole('list', { name: 'Styles' });
    expect(within(styles).getByRole('link', { name: 'Ink Wash' })).toHaveAttribute(
      'href',
      `/en/styles/${STYLE_ID}`,
    );
    expect(api.callsTo('styles.search')[0]!.input).toMatchObject({ artistId: ARTIST_ID });

    const images = await screen.findByRole('list', { name: 'Images made in their styles' });
    expect(within(images).getAllByRole('article')).toHaveLength(2);
    // On the artist's own page the cards do not name them again.
    expect(within(images).queryByRole('link', { name: 'by Mina Park' })).toBeNull();
    expect(api.callsTo('gallery.feed')[0]!.input).toMatchObject({ artistId: ARTIST_ID });
    expect(screen.getByRole('link', { name: /Open in the feed/ })).toHaveAttribute(
      'href',
      `/en?artist=${ARTIST_ID}`,
    );
  });

  it('follows and unfollows, showing the follower count the server answered', async () => {
    const api = renderArtist({
      'follows.add': () => ({ following: true, followerCount: 9 }),
      'follows.remove': () => ({ following: false, followerCount: 8 }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Follow Mina Park' }));
    expect(await screen.findByText('9 followers')).toBeInTheDocument();
    expect(api.callsTo('follows.add')).toEqual([{ path: 'follows.add', input: { artistId: ARTIST_ID } }]);

    fireEvent.click(await screen.findByRole('button', { name: 'Unfollow Mina Park' }));
    expect(await screen.findByText('8 followers')).toBeInTheDocument();
    expect(api.callsTo('follows.remove')).toEqual([
      { path: 'follows.remove', input: { artistId: ARTIST_ID } },
    ]);
    expect(screen.getByRole('button', { name: 'Follow Mina Park' })).toBeInTheDocument();
  });

  it('says kindly that there is no such artist, and asks for nothing else', async () => {
    const api = renderArtist({
      'artists.page': () => {
        throw apiError('NOT_FOUND');
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Artist not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the feed' })).toHaveAttribute('href', '/en');
    expect(api.callsTo('artists.page')).toHaveLength(1);
    expect(api.callsTo('gallery.feed')).toEqual([]);
    await waitFor(() => expect(document.title).toBe('Artist not found · Style License'));
  });

  it('shows empty styles and images as such, in Korean', async () => {
    renderArtist(
      {
        'styles.search': () => ({ items: [], nextCursor: null }),
        'gallery.feed': () => feedPage([]),
      },
      'ko',
    );
    expect(await screen.findByText('팔로워 4명')).toBeInTheDocument();
    expect(screen.getByText('2026년 3월 5일 가입')).toBeInTheDocument();
    expect(await screen.findByText('아직 판매 중인 스타일이 없습니다.')).toBeInTheDocument();
    expect(await screen.findByText('아직 이 스타일들로 공유된 이미지가 없습니다.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mina Park 팔로우' })).toBeInTheDocument();
  });
});
