// 이미지 페이지와 소유자의 공개 설정 문자열.
import type { Translation } from '../../translation';
import type { gallery as English } from '../en/gallery';

export const gallery: Translation<typeof English> = {
  title: '“{{style}}” 이미지',
};
