import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../../test/unit/render';
import { LicensePage } from './LicensePage';
import type { GenuineLicense } from './license-view';

const ID = '9c2643d4-91dd-43e1-8734-427074a90a12';
const genuine: GenuineLicense = {
  genuine: true,
  evidence: { by: 'license_id', confidence: 1, exactFile: false },
  licenseId: ID,
  generationId: '11111111-1111-4111-8111-111111111111',
  issuedAt: '2026-12-07T10:13:58.109Z',
  termsVersion: 2,
  terms: 'Style License terms v2 in English.',
  termsKo: '스타일 라이선스 약관 v2 한국어.',
  fileSha256: 'c1e8e09f2ed9d02b5f2d8110198502d12783d627a5e9fb3ba699b7becc5136b9',
  artistId: '2fed43e4-89a8-4adc-b852-8e7926842ef6',
  artistName: 'Mira Quill',
  artistUrl: 'http://x/artists/2fed43e4-89a8-4adc-b852-8e7926842ef6',
  styleId: '94518bb9-fd81-4abc-b298-60684e9f4e5f',
  styleName: 'First Light',
  styleVersion: 3,
  licenseeId: 'ca1bfad7-6675-4914-9719-06a9d24c460e',
  licenseeName: 'Ari Buyer',
  current: { artistName: 'Mira Quill', styleName: 'First Light Redux', licenseeName: 'Ari Studio' },
};

const route = '/:locale/licenses/:licenseId';
const show = (path: string, answer: unknown, locale: 'en' | 'ko' = 'en') =>
  renderWithApp(<LicensePage />, { path, route, locale, api: { 'licenses.verify': () => answer } });

describe('LicensePage', () => {
  it('shows a genuine license as issued: id, issue, terms version, parties with ids, model version, SHA-256', async () => {
    const { calls } = show(`/en/licenses/${ID}`, genuine);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Genuine Style License' }),
    ).toBeInTheDocument();
    expect(calls).toEqual([{ path: 'licenses.verify', input: { licenseId: ID } }]);
    expect(screen.getAllByText(ID).length).toBeGreaterThan(0);
    expect(screen.getByText('Version 2')).toBeInTheDocument();
    expect(screen.getByText(genuine.fileSha256)).toBeInTheDocument();
    expect(screen.getByText(genuine.artistId)).toBeInTheDocument();
    expect(screen.getByText('Model version 3')).toBeInTheDocument();
    expect(screen.getByTestId('license-terms')).toHaveTextContent(genuine.terms);
    expect(screen.getByRole('link', { name: 'Verify a file' })).toHaveAttribute('href', '/en/verify');
    expect(screen.queryByText('Not a valid license')).not.toBeInTheDocument();
  });

  it('says a check by file finds edited copies too, by the invisible mark, and names the content credentials', async () => {
    show(`/en/licenses/${ID}`, genuine);
    await screen.findByRole('heading', { level: 1 });
    const explain = screen.getByText(/A check by file finds this license/);
    expect(explain).toHaveTextContent('an edited copy too (re-encoded, resized or cropped)');
    expect(explain).toHaveTextContent('invisible license mark');
    expect(explain).toHaveTextContent('content credentials (C2PA)');
    expect(screen.queryByText(/matches only this unmodified file/)).not.toBeInTheDocument();
  });

  it('shows each name as issued, with today’s name beside it only where it changed', async () => {
    show(`/en/licenses/${ID}`, genuine);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getAllByTestId('issued-name').map((n) => n.textContent)).toEqual([
      'Ari Buyer',
      'Mira Quill',
      'First Light',
    ]);
    expect(screen.getAllByTestId('current-name').map((n) => n.textContent)).toEqual([
      'Now named Ari Studio',
      'Now named First Light Redux',
    ]);
    // The artist was not renamed: their row carries no current-name mark.
    const artistRow = screen.getByText('Mira Quill').closest('dd')!;
    expect(within(artistRow).queryByTestId('current-name')).toBeNull();
  });

  it('shows the Korean terms on /ko, with the English text offered below', async () => {
    show(`/ko/licenses/${ID}`, genuine, 'ko');
    expect(
      await screen.findByRole('heading', { level: 1, name: '정품 스타일 라이선스' }),
    ).toBeInTheDocument();
    const terms = screen.getByTestId('license-terms');
    expect(terms).toHaveTextContent(genuine.termsKo!);
    expect(terms).toHaveAttribute('lang', 'ko');
    expect(screen.getByText(genuine.terms)).toHaveAttribute('lang', 'en');
    expect(screen.getByText(/보이지 않는 라이선스 표식으로 이 라이선스를 찾아냅니다/)).toBeInTheDocument();
  });

  it('says v1 terms are English only on /ko', async () => {
    show(`/ko/licenses/${ID}`, { ...genuine, termsVersion: 1, termsKo: null }, 'ko');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByTestId('license-terms')).toHaveTextContent(genuine.terms);
    expect(screen.getByText('버전 1 약관은 영어로만 발급되었습니다.')).toBeInTheDocument();
  });

  it('says "Not a valid license" for an id no license has', async () => {
    show(`/en/licenses/${ID}`, {
      genuine: false,
      reason: 'No license with this id was issued by Style License.',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Not a valid license' })).toBeInTheDocument();
    expect(screen.queryByText('Genuine Style License')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Verify a license' })).toHaveAttribute('href', '/en/verify');
  });

  it('says "Not a valid license" for an address that is no license id, without asking the API', async () => {
    const { calls } = show('/en/licenses/not-an-id', genuine);
    expect(await screen.findByRole('heading', { level: 1, name: 'Not a valid license' })).toBeInTheDocument();
    expect(calls).toEqual([]);
  });
});
