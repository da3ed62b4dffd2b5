import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../../test/unit/render';
import { MyImagesPage } from './MyImagesPage';

const STYLE = '11111111-1111-4111-8111-111111111111';
const LICENSE = '33333333-3333-4333-8333-333333333333';
const generation = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  styleId: STYLE,
  styleName: 'Ink Wash',
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
  failureSeconds: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  completedAt: null,
  previewUrl: null,
  ...extra,
});

afterEach(() => vi.unstubAllGlobals());

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

  it('keeps asking while an image is in progress, and stops when it is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let asked = 0;
    renderWithApp(<MyImagesPage />, {
      path: '/en/images',
      route: '/:locale/images',
      api: {
        'generation.mine': () => {
          asked += 1;
          return { items: [generation('g1', asked < 2 ? 'running' : 'succeeded')], nextCursor: null };
        },
      },
    });
    expect(await screen.findByText('Generating…')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(3_100);
    expect(await screen.findByText('Done')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked).toBe(2);
    vi.useRealTimers();
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
