import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Locale } from '@style-license/shared';
import { renderWithApp } from '../../../../test/unit/render';
import { useUploadMessages } from './upload-messages';

function Problem({ rule }: { rule: string }) {
  const text = useUploadMessages().problem({ state: 'refused', rule, errorCode: 'VALIDATION_FAILED' });
  return <p data-testid="problem">{text}</p>;
}

const says = async (locale: Locale, rule: string) => {
  const view = renderWithApp(<Problem rule={rule} />, { locale });
  const text = (await screen.findByTestId('problem')).textContent;
  view.unmount();
  return text;
};

describe('the words for a training image refused as someone else’s work', () => {
  it('say why, in English and Korean, without naming anyone', async () => {
    expect(await says('en', 'copyright_other_artist')).toBe(
      'This image matches a training image of another artist. A style can learn only from your own works.',
    );
    expect(await says('en', 'copyright_generated')).toBe(
      'This image was generated on Style License. Generated images cannot be used to train a style.',
    );
    expect(await says('ko', 'copyright_other_artist')).toMatch(/^다른 작가의 학습 이미지와 일치합니다/);
    expect(await says('ko', 'copyright_generated')).toMatch(/^스타일 라이선스에서 생성된 이미지입니다/);
  });
});
