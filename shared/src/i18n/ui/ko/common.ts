// Strings every screen shares: the header, navigation, buttons, statuses and generic messages. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { common as English } from '../en/common';

export const common: Translation<typeof English> = {
  nav: {
    feed: '피드',
    search: '스타일 찾기',
    myImages: '내 이미지',
    tokens: '토큰',
    studio: '작가 스튜디오',
    becomeArtist: '작가 되기',
    notifications: '알림',
    account: '계정',
    verify: '라이선스 확인',
    signIn: '로그인',
    signOut: '로그아웃',
    menu: '계정 메뉴',
    skipToContent: '본문으로 건너뛰기',
    mainNavigation: '주 메뉴',
  },
  header: {
    balance_other: '보유 토큰: {{count, number}}개',
    balanceShort: '{{count, number}}',
    notificationsUnread_other: '알림: 읽지 않음 {{count}}개',
    language: '언어',
  },
  tokens_other: '토큰 {{count, number}}개',
  actions: {
    retry: '다시 시도',
    cancel: '취소',
    save: '저장',
    saving: '저장 중…',
    loadMore: '더 보기',
  },
  status: {
    loading: '불러오는 중…',
    draft: '초안',
    queued: '대기 중',
    training: '학습 중',
    running: '진행 중',
    ready: '판매 중',
    failed: '실패',
    archived: '보관됨',
    succeeded: '완료',
    pending: '결제 대기',
    paid: '결제 완료',
    expired: '만료',
  },
  errors: {
    network: '서버에 연결할 수 없습니다. 연결을 확인하고 다시 시도해 주세요.',
    priceChanged: '가격이 토큰 {{price, number}}개로 바뀌었습니다. 확인한 뒤 다시 시도해 주세요.',
  },
  notFound: {
    title: '페이지를 찾을 수 없습니다',
    body: '이 주소에는 아무것도 없습니다.',
    home: '홈으로 가기',
  },
  routeError: {
    title: '페이지를 불러오지 못했습니다',
    body: '이 탭을 연 사이에 앱이 업데이트되었거나 연결이 끊겼을 수 있습니다. 새로고침하면 대부분 해결됩니다.',
    reload: '페이지 새로고침',
  },
  signInRequired: {
    title: '로그인이 필요합니다',
    body: '이 페이지를 보려면 로그인해 주세요.',
  },
  artistRequired: {
    title: '작가 전용',
    body: '작가만 볼 수 있는 페이지입니다. 작가가 되어 나만의 스타일을 만들고 판매해 보세요.',
  },
  demo: '데모',
  footer: {
    tagline: '모든 이미지에 작가의 서명이 담기고, 상업적 이용 라이선스가 함께 발급됩니다.',
  },
  tagChips: {
    remove: '{{tag}} 태그 삭제',
    placeholder: '태그 추가…',
    suggestions: '추천 태그',
    count: '태그 {{count, number}}/{{max, number}}개',
    max_other: '태그는 최대 {{count, number}}개까지 넣을 수 있습니다.',
    duplicate: '“{{tag}}” 태그는 이미 있습니다.',
    notAllowed: '“{{tag}}” 태그는 여기서 쓸 수 없습니다.',
    help: 'Enter나 쉼표로 태그를 추가하고, 빈 칸에서 Backspace를 누르면 마지막 태그가 지워집니다.',
  },
};
