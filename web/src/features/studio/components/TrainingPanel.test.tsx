import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Locale, MyStyle } from '@style-license/shared';
import { apiError, renderWithApp } from '../../../../test/unit/render';
import { TrainingPanel } from './TrainingPanel';

const ID = '00000000-0000-4000-8000-0000000000c3';
const JOB = '00000000-0000-4000-8000-0000000000c4';

const training: MyStyle = {
  id: ID,
  name: 'Night Ink',
  description: '',
  tags: [],
  priceTokens: 5,
  status: 'training',
  progress: 42,
  version: null,
  training: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  trainedAt: null,
  thumbnailUrl: null,
};

/** The panel over a run whose status answer says `job` (its estimate `secondsLeft` from now). */
function renderRun(locale: Locale, job: { status: 'queued' | 'running'; secondsLeft: number | null }) {
  const estimatedFinishAt =
    job.secondsLeft === null ? null : new Date(Date.now() + job.secondsLeft * 1000).toISOString();
  return renderWithApp(<TrainingPanel style={training} imageCount={12} uploading={false} />, {
    locale,
    api: {
      'training.status': () => ({
        styleStatus: job.status === 'queued' ? 'queued' : 'training',
        version: null,
        progress: 42,
        failureCode: null,
        failureReason: null,
        failureSeconds: null,
        job: { id: JOB, status: job.status, attempts: 1, progress: 42, estimatedFinishAt },
      }),
    },
  });
}

describe('TrainingPanel: the time left of a live run', () => {
  it('says the engine’s estimate in whole minutes next to the progress, in English and Korean', async () => {
    // 4 minutes 10 seconds: a few seconds pass before the render, and it still reads as 4 minutes.
    const en = renderRun('en', { status: 'running', secondsLeft: 250 });
    expect(await screen.findByText('About 4 minutes left')).toBeInTheDocument();
    expect(screen.getByText('42%')).toBeInTheDocument();
    en.unmount();

    renderRun('ko', { status: 'running', secondsLeft: 250 });
    expect(await screen.findByText('약 4분 남음')).toBeInTheDocument();
  });

  it('says hours and minutes for a long run, and “less than a minute” at the end', async () => {
    const long = renderRun('en', { status: 'running', secondsLeft: 62 * 60 + 10 });
    expect(await screen.findByText('About 1 hour 2 minutes left')).toBeInTheDocument();
    long.unmount();

    const en = renderRun('en', { status: 'running', secondsLeft: 40 });
    expect(await screen.findByText('Less than a minute left')).toBeInTheDocument();
    en.unmount();
    renderRun('ko', { status: 'running', secondsLeft: 40 });
    expect(await screen.findByText('1분 미만 남음')).toBeInTheDocument();
  });

  it('says nothing of time without an estimate, once the estimate has passed, or while queued', async () => {
    for (const job of [
      { status: 'running', secondsLeft: null },
      { status: 'running', secondsLeft: -30 },
      { status: 'queued', secondsLeft: 300 },
    ] as const) {
      const view = renderRun('en', job);
      expect(await screen.findByText('42%')).toBeInTheDocument();
      expect(screen.queryByText(/left/)).not.toBeInTheDocument();
      view.unmount();
    }
  });
});

/** A draft holding enough images, with nothing trained yet. */
const draft: MyStyle = { ...training, status: 'draft', progress: 0 };
const draftStatus = () => ({
  styleStatus: 'draft',
  version: null,
  progress: 0,
  failureCode: null,
  failureReason: null,
  failureSeconds: null,
  job: null,
});

describe('TrainingPanel: the rights attestation before training', () => {
  it('keeps “Start training” off until the artist attests, then submits with rightsAttested: true', async () => {
    const view = renderWithApp(<TrainingPanel style={draft} imageCount={12} uploading={false} />, {
      api: { 'training.status': draftStatus, 'training.submit': () => ({ jobId: JOB }) },
    });
    const start = await screen.findByRole('button', { name: 'Start training' });
    expect(start).toBeDisabled();
    expect(
      screen.getByText('Confirm that you own the rights to these images to start training.'),
    ).toBeVisible();
    const box = screen.getByRole('checkbox', { name: /I own the rights to every image in this set/ });
    fireEvent.click(box);
    expect(start).toBeEnabled();
    fireEvent.click(start);
    await waitFor(() => expect(view.callsTo('training.submit')).toHaveLength(1));
    expect(view.callsTo('training.submit')[0]!.input).toEqual({ styleId: ID, rightsAttested: true });
  });

  it('states it in Korean too', async () => {
    renderWithApp(<TrainingPanel style={draft} imageCount={12} uploading={false} />, {
      locale: 'ko',
      api: { 'training.status': draftStatus },
    });
    expect(
      await screen.findByRole('checkbox', { name: /모든 이미지에 대한 권리가 저에게 있음을/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('학습을 시작하려면 이 이미지들에 대한 권리가 있음을 확인해 주세요.'),
    ).toBeVisible();
  });

  it('explains a refusal for a missing attestation in the artist’s words', async () => {
    renderWithApp(<TrainingPanel style={draft} imageCount={12} uploading={false} />, {
      api: {
        'training.status': draftStatus,
        'training.submit': () => {
          throw apiError('VALIDATION_FAILED', [
            { path: 'rightsAttested', rule: 'rights_attestation', message: 'Not attested' },
          ]);
        },
      },
    });
    fireEvent.click(await screen.findByRole('checkbox', { name: /I own the rights/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Start training' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Confirm that you own the rights to these images to start training.',
    );
  });
});
