import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TYPES } from '@style-license/shared';
import { languageT } from '../../../test/unit/render';
import { describeNotification } from './describe';

const STYLE = '11111111-1111-4111-8111-111111111111';
const GEN = '22222222-2222-4222-8222-222222222222';

const samples = {
  model_training_completed: { styleId: STYLE, styleName: 'Ink Wash', jobId: GEN, version: 2 },
  model_training_failed: {
    styleId: STYLE,
    styleName: 'Ink Wash',
    jobId: GEN,
    reasonCode: 'stalled',
    seconds: 150,
    keptVersion: 1,
    reason: 'x',
  },
  image_generation_completed: { generationId: GEN, styleId: STYLE, styleName: 'Ink Wash' },
  image_generation_failed: {
    generationId: GEN,
    styleId: STYLE,
    reasonCode: 'expired',
    seconds: 120,
    reason: 'x',
    refundedTokens: 5,
  },
  image_liked: { generationId: GEN, styleName: 'Ink Wash', likerId: GEN, likerName: 'Mina' },
  image_commented: {
    generationId: GEN,
    styleName: 'Ink Wash',
    commentId: GEN,
    authorId: GEN,
    authorName: 'Mina',
    excerpt: '<b>lovely</b>',
  },
} as const;

describe('describeNotification in English', () => {
  const t = languageT('en');
  const d = (type: string, payload: unknown) => describeNotification({ type, payload }, t, 'en');

  it('training completed: names the style and version, links to the studio page of the style', () => {
    expect(d('model_training_completed', samples.model_training_completed)).toEqual({
      title: 'Training finished',
      body: '“Ink Wash” version 2 is ready and on sale.',
      to: `/studio/${STYLE}`,
    });
  });

  it('training failed: the reason with its duration and the version kept on sale', () => {
    expect(d('model_training_failed', samples.model_training_failed)).toEqual({
      title: 'Training failed',
      body:
        '“Ink Wash”: The training worker stopped responding for 2 minutes 30 seconds. Please submit the style again. ' +
        'Version 1 stays on sale.',
      to: `/studio/${STYLE}`,
    });
  });

  it('image completed and failed link to my images; the failure says why, with its duration', () => {
    expect(d('image_generation_completed', samples.image_generation_completed)).toEqual({
      title: 'Your image is ready',
      body: 'Your image in “Ink Wash” is signed and licensed. Download it from My images.',
      to: '/images',
    });
    expect(d('image_generation_failed', samples.image_generation_failed)).toEqual({
      title: 'An image could not be made',
      body: 'No result within 2 minutes; your tokens were refunded.',
      to: '/images',
    });
  });

  it('a like or comment names who, the style, and links to the image; a comment quotes itself as text', () => {
    expect(d('image_liked', samples.image_liked)).toEqual({
      title: 'New like',
      body: 'Mina liked your image in “Ink Wash”.',
      to: `/images/${GEN}`,
    });
    expect(d('image_commented', samples.image_commented)).toEqual({
      title: 'New comment',
      body: 'Mina commented on your image in “Ink Wash”. “<b>lovely</b>”',
      to: `/images/${GEN}`,
    });
    expect(d('image_liked', { generationId: 'javascript:alert(1)' })).toEqual({
      title: 'New like',
      body: 'Someone liked your image in “your style”.',
      to: null,
    });
  });

  it('has words for every notification type', () => {
    for (const type of NOTIFICATION_TYPES) {
      const out = d(type, samples[type]);
      expect(out.title).not.toMatch(/notifications\.|\{\{/);
      expect(out.body).not.toMatch(/notifications\.|\{\{|jobFailures/);
    }
  });

  it('renders an unknown type or a broken payload as a generic line, never raw data', () => {
    expect(d('something_new', { secret: '{"a":1}' })).toEqual({
      title: 'Notification',
      body: 'There is news on your account.',
      to: null,
    });
    const broken = d('model_training_completed', { styleId: 'https://evil.com', styleName: 7, version: 3 });
    expect(broken.to).toBe('/studio');
    expect(broken.body).toBe('“your style” version 3 is ready and on sale.');
    expect(d('image_generation_failed', null).body).toBe(
      'The image could not be generated; your tokens were refunded.',
    );
  });
});

describe('describeNotification in Korean', () => {
  const t = languageT('ko');
  const d = (type: string, payload: unknown) => describeNotification({ type, payload }, t, 'ko');

  it('renders each type in Korean with the same link', () => {
    expect(d('model_training_completed', samples.model_training_completed)).toEqual({
      title: '학습 완료',
      body: '“Ink Wash” 버전 2 학습이 끝나 판매를 시작했습니다.',
      to: `/studio/${STYLE}`,
    });
    const failed = d('image_generation_failed', samples.image_generation_failed);
    expect(failed).toMatchObject({ title: '이미지를 만들지 못했습니다', to: '/images' });
    expect(failed.body).toContain('2분');
    expect(d('image_generation_completed', samples.image_generation_completed)).toMatchObject({
      title: '이미지 완성',
      to: '/images',
    });
    expect(d('model_training_failed', samples.model_training_failed).body).toContain('판매 중인 버전(1)');
    expect(d('image_liked', samples.image_liked).body).toBe('Mina님이 “Ink Wash” 이미지를 좋아합니다.');
    expect(d('mystery', {})).toEqual({ title: '알림', body: '계정에 새 소식이 있습니다.', to: null });
  });
});
