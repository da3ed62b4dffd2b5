import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../lib/files';
import { confidenceShown, noMatchKind, parseLicenseId, renamed, termsFor } from './license-view';

const ID = '9c2643d4-91dd-43e1-8734-427074a90a12';

describe('license view logic', () => {
  it('takes a license id, or the license page address, and refuses anything else', () => {
    expect(parseLicenseId(ID)).toBe(ID);
    expect(parseLicenseId(`  ${ID.toUpperCase()} `)).toBe(ID);
    expect(parseLicenseId(`https://style.example/licenses/${ID}`)).toBe(ID);
    expect(parseLicenseId(`https://style.example/ko/licenses/${ID}/`)).toBe(ID);
    for (const bad of ['', 'hello', ID.slice(0, -1), `${ID}0`, '9c2643d491dd43e18734427074a90a12', `${ID} x`])
      expect(parseLicenseId(bad), bad).toBeNull();
  });

  it('marks a name only when today’s differs from the one issued', () => {
    expect(renamed('Mira Quill', 'Mira Quill')).toBeNull();
    expect(renamed('Mira Quill', 'Mira Q.')).toBe('Mira Q.');
  });

  it('shows the Korean terms on a Korean page from v2, English otherwise (v1 had only English)', () => {
    const v2 = { terms: 'English terms', termsKo: '한국어 약관' };
    expect(termsFor(v2, 'ko')).toEqual({
      text: '한국어 약관',
      lang: 'ko',
      englishOnly: false,
      other: { text: 'English terms', lang: 'en' },
    });
    expect(termsFor(v2, 'en')).toMatchObject({ text: 'English terms', lang: 'en', other: null });
    expect(termsFor({ terms: 'v1 terms', termsKo: null }, 'ko')).toMatchObject({
      text: 'v1 terms',
      lang: 'en',
      englishOnly: true,
    });
  });

  it('shows a confidence rounded down to 5 decimals of a percent, so a mark never reads as a certain 100 %', () => {
    expect(confidenceShown(1)).toBe(1);
    expect(confidenceShown(0.9999999)).toBe(0.9999999);
    expect(confidenceShown(0.999999999)).toBe(0.9999999);
    expect(confidenceShown(1 - 1e-12)).toBe(0.9999999);
    expect(confidenceShown(0.99999995)).toBe(0.9999999);
  });

  it('tells a file with no credentials, another signer’s, ours changed after signing and ours unlicensed apart', () => {
    const credentials = {
      valid: true,
      ours: false,
      signer: 'Adobe Inc.',
      generator: 'Firefly',
      problem: null,
    };
    expect(noMatchKind(undefined)).toBe('none');
    expect(noMatchKind(credentials)).toBe('foreign');
    expect(noMatchKind({ ...credentials, valid: false, problem: 'bad signature' })).toBe('foreign');
    expect(noMatchKind({ ...credentials, ours: true, valid: false, problem: 'hash mismatch' })).toBe(
      'changed',
    );
    expect(noMatchKind({ ...credentials, ours: true })).toBe('unlicensed');
  });

  it('encodes a file as standard base64, also past one chunk', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(toBase64(new Uint8Array())).toBe('');
  });
});
