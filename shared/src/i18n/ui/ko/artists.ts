// 작가 공개 페이지 문자열.
import type { Translation } from '../../translation';
import type { artists as English } from '../en/artists';

export const artists: Translation<typeof English> = {
  title: '{{name}}',
};
