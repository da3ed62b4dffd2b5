import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Outlet } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderWithApp, Where } from '../../../test/unit/render';
import { LicensePage } from './LicensePage';
import { VerifyPage } from './VerifyPage';

const ID = '9c2643d4-91dd-43e1-8734-427074a90a12';
const routes = [
  {
    path: '/:locale',
    element: (
      <>
        <Outlet />
        <Where />
      </>
    ),
    children: [
      { path: 'verify', element: <VerifyPage /> },
      { path: 'licenses/:licenseId', element: <LicensePage /> },
    ],
  },
];
const summary = {
  genuine: true,
  licenseId: ID,
  issuedAt: '2026-12-07T10:13:58.109Z',
  styleName: 'First Light',
  artistName: 'Mira Quill',
  licenseeName: 'Ari Buyer',
};
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 7]);

describe('VerifyPage', () => {
  it('sends a chosen file as base64 and shows the genuine license it matches, linking to its page', async () => {
    const { calls } = renderWithApp(
      { routes },
      {
        path: '/en/verify',
        api: { 'licenses.verify': () => summary },
      },
    );
    await userEvent.upload(
      screen.getByTestId('file-input'),
      new File([bytes], 'mine.png', { type: 'image/png' }),
    );
    expect(await screen.findByText('Genuine: this file is licensed')).toBeInTheDocument();
    expect(calls).toEqual([
      { path: 'licenses.verify', input: { fileBase64: Buffer.from(bytes).toString('base64') } },
    ]);
    expect(screen.getByText('Mira Quill')).toBeInTheDocument();
    expect(screen.getByText('First Light')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the license' })).toHaveAttribute(
      'href',
      `/en/licenses/${ID}`,
    );
  });

  it('explains that only the unmodified file matches when a file matches no license', async () => {
    renderWithApp(
      { routes },
      {
        path: '/ko/verify',
        locale: 'ko',
        api: { 'licenses.verify': () => ({ genuine: false, reason: 'no match' }) },
      },
    );
    await userEvent.upload(
      screen.getByTestId('file-input'),
      new File([bytes], 'edited.png', { type: 'image/png' }),
    );
    expect(await screen.findByText('일치하는 라이선스가 없는 파일입니다')).toBeInTheDocument();
    expect(screen.getByText(/수정되지 않은 파일만 라이선스와 일치합니다/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '라이선스 보기' })).not.toBeInTheDocument();
  });

  it('refuses a file over 2 MB without sending it', async () => {
    const { calls } = renderWithApp(
      { routes },
      {
        path: '/en/verify',
        api: { 'licenses.verify': () => summary },
      },
    );
    const big = new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    await userEvent.upload(screen.getByTestId('file-input'), big);
    expect(await screen.findByText(/This file is larger than 2 MB/)).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('refuses an id that is not a UUID before asking, and opens the license page for one that is', async () => {
    const unknown = { genuine: false, reason: 'No license with this id was issued by Style License.' };
    const { calls } = renderWithApp(
      { routes },
      {
        path: '/en/verify',
        api: { 'licenses.verify': () => unknown },
      },
    );
    const input = screen.getByRole('textbox', { name: 'License ID' });
    await userEvent.type(input, 'not-a-license');
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect(screen.getByRole('alert')).toHaveTextContent('This is not a license ID.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('location')).toHaveTextContent('/en/verify');
    expect(calls).toEqual([]);

    await userEvent.clear(input);
    await userEvent.type(input, `https://style.example/licenses/${ID}`);
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/en/licenses/${ID}`));
    await waitFor(() => expect(calls).toEqual([{ path: 'licenses.verify', input: { licenseId: ID } }]));
  });
});
