// 홈 화면(방문자 환영 문구, 커뮤니티 피드, 탭과 필터)의 한국어 문자열.
import type { Translation } from '../../translation';
import type { home as English } from '../en/home';

export const home: Translation<typeof English> = {
  title: '라이선스가 있는 그림 스타일',
  hero: {
    eyebrow: '라이선스 그림 스타일',
    headline: '실제 작가의 스타일로 새 이미지를 — 작가 서명과 라이선스까지.',
    pitch:
      '일러스트레이터가 자신의 작품으로 직접 학습시킨 스타일을 만나 보세요. 스타일을 고르고 원하는 내용을 적으면, 작가의 서명과 상업적 이용 라이선스가 담긴 이미지를 받습니다.',
    findStyles: '스타일 찾기',
    becomeArtist: '내 스타일 판매하기',
  },
  feed: {
    title: '커뮤니티 피드',
    tabs: {
      label: '보기',
      latest: '최신',
      following: '팔로잉',
    },
    tag: {
      label: '태그로 거르기',
      placeholder: '태그 입력…',
      apply: '적용',
      popular: '인기 태그',
    },
    filters: {
      label: '적용된 필터',
      tag: '태그: {{name}}',
      style: '스타일: {{name}}',
      anyStyle: '선택한 스타일',
      artist: '작가: {{name}}',
      anyArtist: '선택한 작가',
      remove: '‘{{name}}’ 필터 없애기',
      clear: '필터 모두 지우기',
    },
    empty: {
      title: '아직 공유된 이미지가 없습니다',
      body: '스타일을 골라 이미지를 만들고 공유해 보세요. 여기에 첫 이미지로 올라갑니다.',
      action: '스타일 찾기',
      filteredTitle: '필터에 맞는 이미지가 없습니다',
      filteredBody: '다른 태그를 고르거나 필터를 지워 보세요.',
    },
    following: {
      artists: '팔로우하는 작가',
      signInTitle: '팔로우한 작가의 새 이미지',
      signInBody: '로그인하고 마음에 드는 작가를 팔로우하면 새 이미지가 여기에 모입니다.',
      signIn: '로그인',
      noFollowsTitle: '아직 팔로우한 작가가 없습니다',
      noFollowsBody: '작가 페이지에서 팔로우를 누르면 그 작가의 스타일로 만든 이미지가 여기에 나타납니다.',
      findArtists: '스타일로 작가 찾기',
      emptyTitle: '팔로우한 작가의 새 이미지가 없습니다',
      emptyBody: '아직 그 작가들의 스타일로 공유된 이미지가 없습니다. 곧 다시 확인해 주세요.',
    },
  },
};
