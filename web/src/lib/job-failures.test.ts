import { describe, expect, it } from 'vitest';
import { i18n } from './i18n';
import { describeJobFailure } from './job-failures';

describe('describeJobFailure', () => {
  it('says the limit in the reader language, from the seconds the server recorded', async () => {
    await i18n.changeLanguage('ko');
    expect(describeJobFailure('generation', { code: 'expired', seconds: 150 }, i18n.t, 'ko')).toBe(
      '2분 30초 안에 결과가 나오지 않았습니다. 토큰은 환불되었습니다.',
    );
    await i18n.changeLanguage('en');
    expect(describeJobFailure('training', { code: 'stalled', seconds: 1800 }, i18n.t, 'en')).toBe(
      'The training worker stopped responding for 30 minutes. Please submit the style again.',
    );
    expect(describeJobFailure('generation', { code: 'processing_failed', seconds: null }, i18n.t, 'en')).toBe(
      'The image could not be generated; your tokens were refunded.',
    );
  });

  it('has no words for an unknown code, or for a limit that was never recorded', () => {
    expect(describeJobFailure('generation', { code: 'exploded', seconds: 5 }, i18n.t, 'en')).toBeNull();
    expect(describeJobFailure('generation', { code: null, seconds: null }, i18n.t, 'en')).toBeNull();
    expect(describeJobFailure('generation', { code: 'expired', seconds: null }, i18n.t, 'en')).toBeNull();
  });
});
