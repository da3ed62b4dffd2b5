// The images screens' strings: the buyer's own generated images. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { images as English } from '../en/images';

export const images: Translation<typeof English> = {
  title: '내 이미지',
  intro: '구매한 모든 이미지입니다. 작가의 서명이 담겨 있고 라이선스가 함께 발급되었습니다.',
  empty: {
    title: '아직 이미지가 없습니다',
    body: '마음에 드는 스타일을 찾아 첫 이미지를 만들어 보세요.',
    action: '스타일 찾기',
  },
  item: {
    inStyle: '“{{style}}” 스타일',
    created: '{{when, datetime(dateStyle: medium; timeStyle: short)}}',
    alt: '“{{style}}” 스타일로 만든 내 이미지',
    altGeneric: '내가 만든 이미지',
    license: '라이선스',
    cost_other: '토큰 {{count, number}}개',
    queued: '작업 대기 중…',
    running: '생성 중…',
    failed: '생성 실패',
    refunded_other: '토큰 {{count, number}}개 환불됨',
    failedGeneric: '이미지를 만들지 못했습니다. 사용한 토큰은 환불되었습니다.',
  },
  updating: '진행 중인 이미지는 자동으로 갱신됩니다.',
};
