// 커뮤니티 공통 요소(이미지 카드, 피드, 좋아요·팔로우 버튼)의 한국어 문자열.
import type { Translation } from '../../translation';
import type { feed as English } from '../en/feed';

export const feed: Translation<typeof English> = {
  like: {
    like: '좋아요',
    unlike: '좋아요 취소',
    count_other: '좋아요 {{count, number}}개',
    signIn: '로그인하고 좋아요 누르기',
  },
  follow: {
    follow: '팔로우',
    following: '팔로잉',
    unfollow: '{{name}} 팔로우 취소',
    followName: '{{name}} 팔로우',
    followers_other: '팔로워 {{count, number}}명',
    signIn: '로그인하고 팔로우하기',
  },
  card: {
    imageAlt: '{{owner}} 님이 {{style}} 스타일로 만든 이미지',
    artist: '작가 {{name}}',
    owner: '{{name}} 님이 공유',
    comments_other: '댓글 {{count, number}}개',
  },
  grid: {
    inFeed: '피드에서 보기',
    label: '이미지',
    loadingMore: '이미지를 더 불러오는 중…',
    end: '모든 이미지를 보셨습니다.',
  },
};
