// The job's status after a purchase: followed by polling to its end, through failed polls, with the result
// or the refund's reason.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, networkError, renderWithApp, type ApiHandler } from '../../../test/unit/render';
import { GenerationStatus, POLL_AFTER_ERROR_MS } from './GenerationStatus';
import { GEN_ID, LICENSE_ID, STYLE, generation } from './test-fixtures';

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
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

  it('a failed poll shows the error with a retry and keeps following the job, more gently', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answer: () => unknown = () => generation('queued');
    const api = status(() => answer());
    expect(await screen.findByText('Waiting for a free worker…')).toBeInTheDocument();
    answer = () => {
      throw apiError('RATE_LIMITED');
    };
    await vi.advanceTimersByTimeAsync(1_100);
    const alert = await screen.findByRole('alert');
    // What was known stays on screen, the error beside it.
    expect(screen.getByText('Waiting for a free worker…')).toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    const failedAt = api.callsTo('generation.get').length;
    await vi.advanceTimersByTimeAsync(POLL_AFTER_ERROR_MS / 2);
    expect(api.callsTo('generation.get')).toHaveLength(failedAt);
    answer = () => generation('succeeded', { licenseId: LICENSE_ID, previewUrl: 'blob:x', costTokens: 1 });
    await vi.advanceTimersByTimeAsync(POLL_AFTER_ERROR_MS / 2 + 100);
    expect(await screen.findByText('Your image is ready.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('1 token charged.')).toBeInTheDocument();
  });

  it('Try again after a failed poll asks at once', async () => {
    let fail = false;
    status(() => {
      if (fail) throw networkError();
      return generation('running');
    });
    expect(await screen.findByText('Creating your image…')).toBeInTheDocument();
    fail = true;
    const alert = await screen.findByRole('alert', {}, { timeout: 6000 });
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByText('Creating your image…')).toBeInTheDocument();
  }, 10_000);

  it('refreshes My images and the token history when the job ends', async () => {
    const api = status(() => generation('failed', { failureCode: 'processing_failed' }));
    const spy = vi.spyOn(api.queryClient, 'invalidateQueries');
    await screen.findByText('This image could not be made.');
    await waitFor(() => {
      const invalidated = spy.mock.calls.map(([filters]) => JSON.stringify(filters?.queryKey?.[0]));
      for (const path of [
        ['tokens', 'balance'],
        ['generation', 'mine'],
        ['tokens', 'history'],
      ])
        expect(invalidated).toContain(JSON.stringify(path));
    });
  });

  it('stops polling once the job ended', async () => {
    const api = status(() => generation('failed', { failureCode: 'processing_failed' }));
    await screen.findByText('This image could not be made.');
    const count = api.callsTo('generation.get').length;
    await act(() => new Promise((r) => setTimeout(r, 1300)));
    expect(api.callsTo('generation.get')).toHaveLength(count);
  });
});
