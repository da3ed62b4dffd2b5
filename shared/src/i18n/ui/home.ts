// The home screens' strings, in English and Korean.
import { translations } from '../translation';

export const home = translations(
  {
    title: 'Art styles, licensed',
    hero: {
      eyebrow: 'Licensed art styles',
      headline: 'Make new images in a real artist’s style — signed and licensed.',
      pitch:
        'Illustrators train their own style here from their own work. Pick a style, describe what you need, and get an image signed by the artist with a license for commercial use, so the copyright question is settled before you publish.',
      findStyles: 'Find a style',
      becomeArtist: 'Sell your style',
    },
    how: {
      title: 'How it works',
      pick: { title: 'Pick a style', body: 'Browse styles by tag and look at each artist’s samples.' },
      create: { title: 'Create an image', body: 'Choose tags, add a description and pay in tokens.' },
      own: {
        title: 'Use it freely',
        body: 'Every image carries the artist’s signature and a verifiable license.',
      },
    },
    popularTags: 'Popular tags',
    newest: 'New styles',
    popular: 'Popular styles',
    seeAll: 'See all',
    empty: 'No styles are on sale yet. Check back soon.',
  },
  {
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
  },
);
