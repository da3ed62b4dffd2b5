// The images screens' strings, in English and Korean: the buyer's own generated images.
import { translations } from '../translation';

export const images = translations(
  {
    title: 'My images',
    intro: 'Every image you bought, signed by its artist and licensed to you.',
    empty: {
      title: 'No images yet',
      body: 'Find a style you like and create your first image in it.',
      action: 'Find styles',
    },
    item: {
      inStyle: 'In “{{style}}”',
      unknownStyle: 'Style no longer available',
      created: '{{when, datetime(dateStyle: medium; timeStyle: short)}}',
      alt: 'Your image in “{{style}}”',
      altGeneric: 'Your generated image',
      license: 'License',
      download: 'Download PNG',
      cost_one: '{{count, number}} token',
      cost_other: '{{count, number}} tokens',
      queued: 'Waiting for a worker…',
      running: 'Generating…',
      failed: 'Not generated',
      refunded_one: '{{count, number}} token refunded',
      refunded_other: '{{count, number}} tokens refunded',
      failedGeneric: 'The image could not be generated; your tokens were refunded.',
    },
    updating: 'Images in progress update on their own.',
  },
  {
    title: '내 이미지',
    intro: '구매한 모든 이미지입니다. 작가의 서명이 담겨 있고 라이선스가 함께 발급되었습니다.',
    empty: {
      title: '아직 이미지가 없습니다',
      body: '마음에 드는 스타일을 찾아 첫 이미지를 만들어 보세요.',
      action: '스타일 찾기',
    },
    item: {
      inStyle: '“{{style}}” 스타일',
      unknownStyle: '더 이상 볼 수 없는 스타일',
      created: '{{when, datetime(dateStyle: medium; timeStyle: short)}}',
      alt: '“{{style}}” 스타일로 만든 내 이미지',
      altGeneric: '내가 만든 이미지',
      license: '라이선스',
      download: 'PNG 내려받기',
      cost_other: '토큰 {{count, number}}개',
      queued: '작업 대기 중…',
      running: '생성 중…',
      failed: '생성 실패',
      refunded_other: '토큰 {{count, number}}개 환불됨',
      failedGeneric: '이미지를 만들지 못했습니다. 사용한 토큰은 환불되었습니다.',
    },
    updating: '진행 중인 이미지는 자동으로 갱신됩니다.',
  },
);
