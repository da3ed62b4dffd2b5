// The search screens' strings. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { search as English } from '../en/search';

export const search: Translation<typeof English> = {
  title: '스타일 찾기',
  intro: '태그를 추가해 목록을 좁혀 보세요. 고른 태그를 모두 가진 스타일만 보입니다.',
  tagsLabel: '태그',
  tagsHint: '이 태그를 모두 가진 스타일만 보여 줍니다.',
  sortLabel: '정렬',
  sort: { newest: '최신순', popular: '많이 쓰인 순' },
  clear: '태그 모두 지우기',
  popularTags: '인기 태그',
  results: '검색 결과',
  empty: {
    title: '이 태그를 모두 가진 스타일이 없습니다',
    body: '태그를 하나 빼거나 인기 태그를 골라 보세요.',
    none: '아직 판매 중인 스타일이 없습니다.',
  },
  end: '조건에 맞는 스타일을 모두 보았습니다.',
  loadingMore: '스타일을 더 불러오는 중…',
};
