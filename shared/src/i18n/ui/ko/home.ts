// The home screens' strings. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { home as English } from '../en/home';

export const home: Translation<typeof English> = {
  title: '라이선스가 있는 그림 스타일',
  hero: {
    eyebrow: '라이선스 그림 스타일',
    headline: '실제 작가의 스타일로 새 이미지를 — 작가 서명과 라이선스까지.',
    pitch:
      '일러스트레이터가 자신의 작품으로 직접 학습시킨 스타일을 만나 보세요. 스타일을 고르고 원하는 내용을 적으면, 작가의 서명과 상업적 이용 라이선스가 담긴 이미지를 받습니다. 게시하기 전에 저작권 문제가 이미 정리되어 있습니다.',
    findStyles: '스타일 찾기',
    becomeArtist: '내 스타일 판매하기',
  },
  how: {
    title: '이용 방법',
    pick: { title: '스타일 고르기', body: '태그로 스타일을 찾고 작가의 샘플을 살펴보세요.' },
    create: { title: '이미지 만들기', body: '태그와 설명을 정하고 토큰으로 결제하세요.' },
    own: { title: '자유롭게 사용하기', body: '모든 이미지에 작가 서명과 확인 가능한 라이선스가 담깁니다.' },
  },
  popularTags: '인기 태그',
  newest: '새 스타일',
  popular: '인기 스타일',
  seeAll: '모두 보기',
  empty: '아직 판매 중인 스타일이 없습니다. 곧 다시 확인해 주세요.',
};
