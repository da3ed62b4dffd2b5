// The notifications screen's strings: one title and sentence per notification type. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { notifications as English } from '../en/notifications';

export const notifications: Translation<typeof English> = {
  title: '알림',
  markAll: '모두 읽음으로 표시',
  markRead: '읽음으로 표시',
  unread: '읽지 않음',
  empty: {
    title: '아직 알림이 없습니다',
    body: '학습이 끝나거나 이미지가 완성되거나 누군가 내 이미지에 좋아요나 댓글을 남기면 이곳에서 알려 드립니다.',
  },
  someone: '회원',
  yourStyle: '내 스타일',
  types: {
    model_training_completed: {
      title: '학습 완료',
      body: '“{{style}}” 버전 {{version, number}} 학습이 끝나 판매를 시작했습니다.',
    },
    model_training_failed: {
      title: '학습 실패',
      body: '“{{style}}”: {{reason}}',
      kept: '판매 중인 버전({{version, number}})은 그대로 유지됩니다.',
    },
    image_generation_completed: {
      title: '이미지 완성',
      body: '“{{style}}” 스타일 이미지에 서명과 라이선스가 담겼습니다. 내 이미지에서 내려받으세요.',
    },
    image_generation_failed: {
      title: '이미지를 만들지 못했습니다',
      body: '{{reason}}',
    },
    image_liked: { title: '새 좋아요', body: '{{name}}님이 “{{style}}” 이미지를 좋아합니다.' },
    image_commented: { title: '새 댓글', body: '{{name}}님이 “{{style}}” 이미지에 댓글을 남겼습니다.' },
    generic: { title: '알림', body: '계정에 새 소식이 있습니다.' },
  },
};
