import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../test/unit/render';
import { apiError, renderWithApp } from '../../../test/unit/render';
import { ImagePage } from './ImagePage';
import {
  ARTIST,
  IMAGE,
  LICENSE,
  STYLE,
  artistPage,
  comment,
  imageDetail,
  owner,
  reader,
} from './test-fixtures';

function renderPage(api: ApiHandlers, locale: 'en' | 'ko' = 'en') {
  return renderWithApp(<ImagePage />, {
    path: `/${locale}/images/${IMAGE}`,
    route: '/:locale/images/:generationId',
    locale,
    api: {
      'auth.me': () => reader,
      'artists.page': () => artistPage,
      'comments.list': () => ({ items: [comment()], total: 1, nextCursor: null }),
      ...api,
    },
  });
}

describe('ImagePage', () => {
  it('shows the image whole, its style, artist, owner, tags, description and license, with links', async () => {
    renderPage({ 'gallery.image': () => imageDetail() });
    expect(await screen.findByRole('heading', { name: 'Image in “Ink Wash”' })).toBeInTheDocument();
    const img = screen.getByRole('img', { name: 'An image in the style “Ink Wash”' });
    expect(img).toHaveAttribute('src', 'https://files.test/preview.webp');
    expect(img).toHaveClass('object-contain');
    expect(screen.getByRole('link', { name: 'Ink Wash' })).toHaveAttribute('href', `/en/styles/${STYLE}`);
    expect(screen.getByRole('link', { name: 'Mina Park' })).toHaveAttribute('href', `/en/artists/${ARTIST}`);
    expect(screen.getByText('Made by Dana')).toBeInTheDocument();
    expect(screen.getByText('Published Dec 1, 2026')).toBeInTheDocument();
    // Tags lead to the feed filtered by the tag.
    const tags = screen.getByRole('region', { name: 'Prompt tags' });
    expect(within(tags).getByRole('link', { name: 'portrait' })).toHaveAttribute('href', '/en?tag=portrait');
    expect(within(tags).getByRole('link', { name: 'dusk' })).toHaveAttribute('href', '/en?tag=dusk');
    // The description keeps its line break (pre-line), as text.
    const about = screen.getByRole('region', { name: 'About this image' });
    expect(within(about).getByText(/Harbour at dusk\.\s+Second line\./)).toHaveClass('whitespace-pre-line');
    const license = screen.getByRole('region', { name: 'License' });
    expect(within(license).getByText('Ink Wash, model version 2')).toBeInTheDocument();
    expect(within(license).getByText('Version 1')).toBeInTheDocument();
    expect(within(license).getByRole('link', { name: 'Verify this license' })).toHaveAttribute(
      'href',
      `/en/licenses/${LICENSE}`,
    );
    expect(await screen.findByText('12 followers')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Follow Mina Park' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Like (3 likes)' })).toBeInTheDocument();
    expect(document.title).toMatch(/^Image in “Ink Wash”/);
  });

  it('gives a visitor no sharing controls and no download', async () => {
    renderPage({ 'gallery.image': () => imageDetail() });
    await screen.findByRole('heading', { name: 'Image in “Ink Wash”' });
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download PNG' })).toBeNull();
    expect(screen.queryByText('Only you can see this image.')).toBeNull();
  });

  it('gives the owner of a private image the controls, the download and a note; publishing updates the page', async () => {
    const user = userEvent.setup();
    let visibility: 'public' | 'private' = 'private';
    const view = renderPage({
      'auth.me': () => owner,
      'gallery.image': () => imageDetail({ mine: true, visibility, publishedAt: null }),
      'gallery.update': (input) => {
        visibility = (input as { visibility: 'public' | 'private' }).visibility;
        return {
          id: IMAGE,
          visibility,
          description: 'Harbour at dusk.',
          publishedAt: '2026-12-02T10:00:00.000Z',
        };
      },
    });
    const sharing = await screen.findByRole('region', { name: 'Sharing' });
    expect(screen.getByText('Only you can see this image.')).toBeInTheDocument();
    expect(screen.getByText('Not published')).toBeInTheDocument();
    expect(within(sharing).getByRole('button', { name: 'Download PNG' })).toBeInTheDocument();
    expect(
      within(sharing).getByText(/Public images appear in the feed with their signed preview/),
    ).toBeVisible();
    const toggle = within(sharing).getByRole('switch', { name: 'Public' });
    expect(toggle).toHaveAttribute('aria-checked', 'false');

    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute('aria-checked', 'true'));
    expect(view.callsTo('gallery.update').map((c) => c.input)).toEqual([
      { generationId: IMAGE, visibility: 'public' },
    ]);
    // The page's copy took the server's answer: published, and no longer private.
    await waitFor(() => expect(screen.queryByText('Only you can see this image.')).toBeNull());
    expect(screen.getByText('Published Dec 2, 2026')).toBeInTheDocument();
  });

  it('says an image that is missing (or someone else’s private one) is not here', async () => {
    renderPage({
      'gallery.image': () => {
        throw apiError('NOT_FOUND');
      },
    });
    expect(await screen.findByText('This image is not here')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse the feed' })).toHaveAttribute('href', '/en');
    expect(document.title).toMatch(/^This image is not here/);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('reads in Korean', async () => {
    renderPage({ 'gallery.image': () => imageDetail({ mine: true, visibility: 'private' }) }, 'ko');
    expect(await screen.findByRole('heading', { name: '“Ink Wash” 이미지' })).toBeInTheDocument();
    expect(screen.getByText('이 이미지는 나만 볼 수 있습니다.')).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: '공개' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '라이선스 확인하기' })).toHaveAttribute(
      'href',
      `/ko/licenses/${LICENSE}`,
    );
    expect(await screen.findByRole('heading', { name: '댓글 1' })).toBeInTheDocument();
  });
});
