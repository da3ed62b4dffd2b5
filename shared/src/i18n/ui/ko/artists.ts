// 작가 공개 페이지(프로필, 팔로우, 스타일, 그 스타일로 공유된 이미지)의 한국어 문자열.
import type { Translation } from '../../translation';
import type { artists as English } from '../en/artists';

export const artists: Translation<typeof English> = {
  title: '{{name}}',
  joined: '{{when, datetime(dateStyle: long)}} 가입',
  styles: {
    title: '스타일',
    empty: '아직 판매 중인 스타일이 없습니다.',
  },
  images: {
    title: '이 작가의 스타일로 만든 이미지',
    empty: '아직 이 스타일들로 공유된 이미지가 없습니다.',
  },
  notFound: {
    title: '작가를 찾을 수 없습니다',
    body: '이 주소에는 작가가 없습니다. 링크가 잘못되었거나 페이지가 삭제되었을 수 있습니다.',
    home: '피드로 가기',
  },
};
