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
  evidence: { by: 'file_hash', confidence: 1, exactFile: true },
  licenseId: ID,
  issuedAt: '2026-12-07T10:13:58.109Z',
  styleName: 'First Light',
  artistName: 'Mira Quill',
  licenseeName: 'Ari Buyer',
};
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 7]);
const firefly = {
  valid: true,
  ours: false,
  signer: 'Adobe Inc.',
  generator: 'Adobe Firefly',
  problem: null,
};

/** The verify page at `locale`, answering a file check with `answer`, after uploading `name`. */
async function checkFile(answer: unknown, { locale = 'en', name = 'mine.png' } = {}) {
  const rendered = renderWithApp(
    { routes },
    {
      path: `/${locale}/verify`,
      locale: locale as 'en' | 'ko',
      api: { 'licenses.verify': () => answer },
    },
  );
  await userEvent.upload(screen.getByTestId('file-input'), new File([bytes], name, { type: 'image/png' }));
  await screen.findByRole('button', { name: locale === 'ko' ? '다른 파일 확인' : 'Check another file' });
  return rendered;
}

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

  it('says the exact file issued is the unmodified file of its license', async () => {
    await checkFile(summary);
    expect(screen.getByTestId('evidence')).toHaveTextContent('Exact file');
    expect(screen.getByText(`mine.png is the unmodified file of license ${ID}.`)).toBeInTheDocument();
  });

  it('says an edited copy was traced by its invisible license mark, how strongly, and that it is covered', async () => {
    const marked = {
      ...summary,
      evidence: { by: 'license_mark', confidence: 0.999999996, exactFile: false },
    };
    await checkFile(marked, { name: 'edited.jpg' });
    expect(screen.getByText('Genuine: this file is licensed')).toBeInTheDocument();
    expect(screen.getByTestId('evidence')).toHaveTextContent('Edited copy · license mark');
    expect(
      screen.getByText(
        `edited.jpg is an edited copy of a licensed image (re-encoded, resized or cropped). Its invisible ` +
          `license mark names license ${ID} (confidence 99.99999%). The license covers edited copies too.`,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/unmodified file/)).not.toBeInTheDocument();
  });

  it('says our content credentials name the license when they traced the file', async () => {
    const signed = {
      ...summary,
      evidence: { by: 'content_credentials', confidence: 1, exactFile: false },
    };
    await checkFile(signed);
    expect(screen.getByTestId('evidence')).toHaveTextContent('Content credentials');
    expect(screen.getByText(/signed by Style License, name license 9c2643d4/)).toBeInTheDocument();
  });

  it('says in Korean how an edited copy was traced, with its confidence', async () => {
    const marked = { ...summary, evidence: { by: 'license_mark', confidence: 0.9999999, exactFile: false } };
    await checkFile(marked, { locale: 'ko', name: 'edited.jpg' });
    expect(screen.getByText('정품: 라이선스가 있는 파일입니다')).toBeInTheDocument();
    expect(screen.getByTestId('evidence')).toHaveTextContent('수정한 사본 · 라이선스 표식');
    expect(screen.getByText(/보이지 않는 라이선스 표식에 적힌 라이선스는 9c2643d4/)).toHaveTextContent(
      '(신뢰도 99.99999%)',
    );
  });

  it('says a file with nothing of ours matches no license, and that a heavy edit can lose the mark', async () => {
    await checkFile({ genuine: false, reason: 'no match' }, { locale: 'ko', name: 'edited.png' });
    expect(screen.getByText('일치하는 라이선스가 없는 파일입니다')).toBeInTheDocument();
    expect(screen.getByText(/보이지 않는 라이선스 표식도 읽을 수 없습니다/)).toBeInTheDocument();
    expect(screen.queryByTestId('credentials')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '라이선스 보기' })).not.toBeInTheDocument();
  });

  it('shows another service’s content credentials and says the image is not a Style License one', async () => {
    await checkFile({ genuine: false, reason: 'no match', credentials: firefly });
    expect(screen.getByText('Not a Style License image')).toBeInTheDocument();
    const found = screen.getByTestId('credentials');
    expect(found).toHaveTextContent('Content credentials from Adobe Inc. (Adobe Firefly)');
    expect(found).toHaveTextContent('Valid');
    expect(screen.getByText(/come from another service, not from Style License/)).toBeInTheDocument();
  });

  it('shows why foreign credentials are not valid, and names an unknown signer in Korean', async () => {
    const broken = { ...firefly, valid: false, signer: null, problem: 'The signature does not verify.' };
    await checkFile({ genuine: false, reason: 'no match', credentials: broken }, { locale: 'ko' });
    expect(screen.getByText('스타일 라이선스 이미지가 아닙니다')).toBeInTheDocument();
    const found = screen.getByTestId('credentials');
    expect(found).toHaveTextContent('알 수 없는 서명자(Adobe Firefly)의 콘텐츠 자격 증명');
    expect(found).toHaveTextContent('유효하지 않음');
    expect(screen.getByText('The signature does not verify.')).toHaveAttribute('lang', 'en');
  });

  it('says our credentials no longer match a file changed after signing, without calling it genuine', async () => {
    const changed = {
      valid: false,
      ours: true,
      signer: 'Style License',
      generator: null,
      problem: 'The image data no longer matches the hash in the manifest.',
    };
    await checkFile({ genuine: false, reason: 'no match', credentials: changed });
    expect(screen.getByText('This file matches no license')).toBeInTheDocument();
    expect(screen.getByTestId('credentials')).toHaveTextContent(
      'Content credentials from Style LicenseNot validThe image data no longer matches',
    );
    expect(
      screen.getByText(/Style License content credentials that no longer match the file: it was changed/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Genuine/)).not.toBeInTheDocument();
  });

  it('refuses a file over 8 MB without sending it', async () => {
    const { calls } = renderWithApp(
      { routes },
      {
        path: '/en/verify',
        api: { 'licenses.verify': () => summary },
      },
    );
    const big = new File([new Uint8Array(8 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    await userEvent.upload(screen.getByTestId('file-input'), big);
    expect(await screen.findByText(/This file is larger than 8 MB/)).toBeInTheDocument();
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
