import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { myGeneration } from '../../../test/unit/fixtures';
import { apiError, renderWithApp } from '../../../test/unit/render';
import { MyImagesPage } from './MyImagesPage';

const STYLE = '11111111-1111-4111-8111-111111111111';
const LICENSE = '33333333-3333-4333-8333-333333333333';
const generation = (id: string, status: string, extra: Record<string, unknown> = {}) =>
  myGeneration(id, STYLE, status, extra);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('MyImagesPage', () => {
  it('shows each image with its style, status, license and failure reason, and downloads on request', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const user = userEvent.setup();
    const view = renderWithApp(<MyImagesPage />, {
      path: '/en/images',
      route: '/:locale/images',
      api: {
        'generation.mine': () => ({
          items: [
            generation('g-done', 'succeeded', {
              licenseId: LICENSE,
              previewUrl: 'https://files.test/p.webp',
            }),
            generation('g-failed', 'failed', {
              failureCode: 'expired',
              failureReason: 'No result within 2 minutes; your tokens were refunded.',
              failureSeconds: 120,
            }),
          ],
          nextCursor: null,
        }),
        'generation.download': () => ({ url: 'https://files.test/signed.png', licenseId: LICENSE }),
      },
    });
    const [done, failed] = await screen.findAllByTestId('image-card');
    expect(within(done!).getByRole('img', { name: 'Your image in “Ink Wash”' })).toHaveAttribute(
      'src',
      'https://files.test/p.webp',
    );
    expect(within(done!).getByRole('link', { name: 'In “Ink Wash”' })).toHaveAttribute(
      'href',
      `/en/styles/${STYLE}`,
    );
    expect(within(done!).getByRole('link', { name: 'License' })).toHaveAttribute(
      'href',
      `/en/licenses/${LICENSE}`,
    );
    expect(within(failed!).getByText('Failed')).toBeInTheDocument();
    expect(
      within(failed!).getByText('No result within 2 minutes; your tokens were refunded.'),
    ).toBeInTheDocument();
    expect(within(failed!).queryByRole('button', { name: 'Download PNG' })).toBeNull();

    await user.click(within(done!).getByRole('button', { name: 'Download PNG' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://files.test/signed.png'));
    expect(view.calls.find((c) => c.path === 'generation.download')?.input).toEqual({
      generationId: 'g-done',
    });
  });

  it('gives each finished image the public switch and a link to its page; publishing shows on the card', async () => {
    const user = userEvent.setup();
    let visibility = 'private';
    const view = renderWithApp(<MyImagesPage />, {
      path: '/en/images',
      route: '/:locale/images',
      api: {
        'generation.mine': () => ({
          items: [
            generation('g-done', 'succeeded', {
              licenseId: LICENSE,
              previewUrl: 'https://files.test/p.webp',
              visibility,
            }),
            generation('g-queued', 'queued'),
          ],
          nextCursor: null,
        }),
        'generation.get': () => ({ ...generation('g-queued', 'queued'), mine: true }),
        'gallery.update': (input) => {
          visibility = (input as { visibility: string }).visibility;
          return { id: 'g-done', visibility, description: null, publishedAt: '2026-12-02T10:00:00.000Z' };
        },
      },
    });
    const [done, queued] = await screen.findAllByTestId('image-card');
    expect(within(queued!).queryByRole('switch')).toBeNull();
    expect(within(done!).getByRole('link', { name: 'Your image in “Ink Wash”' })).toHaveAttribute(
      'href',
      '/en/images/g-done',
    );
    expect(
      screen.getByText(
        'Public images appear in the feed with their signed preview; the licensed file stays yours.',
      ),
    ).toBeInTheDocument();
    expect(within(done!).getByRole('link', { name: 'Add or edit the description' })).toHaveAttribute(
      'href',
      '/en/images/g-done',
    );
    const toggle = within(done!).getByRole('switch', { name: 'Public' });
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    expect(within(done!).getByText('Private: only you can see it')).toBeInTheDocument();

    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute('aria-checked', 'true'));
    expect(within(done!).getByText('Public: shown in the feed')).toBeInTheDocument();
    expect(view.callsTo('gallery.update').map((c) => c.input)).toEqual([
      { generationId: 'g-done', visibility: 'public' },
    ]);
  });

  it('polls only the images in progress, then asks for the list once when one is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let state = 'running';
    const view = renderWithApp(<MyImagesPage />, {
      path: '/en/images',
      route: '/:locale/images',
      api: {
        'generation.mine': (input) => {
          const { cursor } = input as { cursor?: string };
          if (cursor)
            return { items: [generation('g-old', 'succeeded', { licenseId: LICENSE })], nextCursor: null };
          return {
            items: [generation('g1', state), generation('g2', 'succeeded', { licenseId: LICENSE })],
            nextCursor: 'g2',
          };
        },
        'generation.get': (input) => ({
          ...generation((input as { generationId: string }).generationId, state),
          mine: true,
        }),
      },
    });
    expect(await screen.findByText('Generating…')).toBeInTheDocument();
    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('image-card')).toHaveLength(3));
    const listed = view.callsTo('generation.mine').length;
    await vi.advanceTimersByTimeAsync(3 * 3_000 + 100);
    // Three polls, each of the one image in progress; no page of the list asked again.
    expect(view.callsTo('generation.mine')).toHaveLength(listed);
    expect(view.callsTo('generation.get').length).toBeGreaterThanOrEqual(3);
    expect(
      view
        .callsTo('generation.get')
        .every((c) => (c.input as { generationId: string }).generationId === 'g1'),
    ).toBe(true);
    state = 'succeeded';
    await vi.advanceTimersByTimeAsync(3_100);
    expect(await screen.findAllByText('Done')).toHaveLength(3);
    // One refresh of the list (both loaded pages), then quiet.
    const after = view.callsTo('generation.mine').length;
    expect(after).toBe(listed + 2);
    const polled = view.callsTo('generation.get').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(view.callsTo('generation.mine')).toHaveLength(after);
    expect(view.callsTo('generation.get')).toHaveLength(polled);
    vi.useRealTimers();
  });

  it('a failed refresh keeps the images on screen, with the error and a retry', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let listed = 0;
    let state = 'running';
    renderWithApp(<MyImagesPage />, {
      path: '/en/images',
      route: '/:locale/images',
      api: {
        'generation.mine': () => {
          listed += 1;
          if (listed === 2) throw apiError('RATE_LIMITED');
          return { items: [generation('g1', state)], nextCursor: null };
        },
        'generation.get': () => ({ ...generation('g1', state), mine: true }),
      },
    });
    expect(await screen.findByText('Generating…')).toBeInTheDocument();
    state = 'succeeded';
    await vi.advanceTimersByTimeAsync(3_100);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many requests');
    expect(screen.getByTestId('image-card')).toBeInTheDocument();
    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Done')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    vi.useRealTimers();
  });

  it('a list that never loaded shows the error with a retry', async () => {
    let fail = true;
    renderWithApp(<MyImagesPage />, {
      path: '/en/images',
      route: '/:locale/images',
      api: {
        'generation.mine': () => {
          if (fail) throw apiError('RATE_LIMITED');
          return { items: [generation('g1', 'succeeded')], nextCursor: null };
        },
      },
    });
    const alert = await screen.findByRole('alert');
    fail = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('image-card')).toBeInTheDocument();
  });

  it('points to search when there are no images, in Korean too', async () => {
    renderWithApp(<MyImagesPage />, {
      path: '/ko/images',
      route: '/:locale/images',
      locale: 'ko',
      api: { 'generation.mine': () => ({ items: [], nextCursor: null }) },
    });
    expect(await screen.findByRole('link', { name: '스타일 찾기' })).toHaveAttribute('href', '/ko/search');
  });
});
