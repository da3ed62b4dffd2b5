import type { Resources } from './en';

export const ko: Resources = {
  app: {
    name: '스타일 라이선스',
    tagline: '그림체를 라이선스하세요. 모든 이미지에 서명과 라이선스가 담깁니다.',
  },
  errors: {
    UNAUTHORIZED: '로그인해 주세요.',
    FORBIDDEN: '권한이 없습니다.',
    NOT_FOUND: '찾을 수 없습니다.',
    LICENSE_REQUIRED: '라이선스 보유자만 이 파일을 내려받을 수 있습니다.',
    INSUFFICIENT_CREDITS: '토큰이 부족합니다.',
    VALIDATION_FAILED: '입력값이 올바르지 않습니다.',
    PAYLOAD_TOO_LARGE: '보내기에는 너무 큽니다.',
    RATE_LIMITED: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    CONFLICT: '이전 요청과 충돌합니다.',
    MODEL_TRAINING_FAILED: '스타일 학습에 실패했습니다.',
    IMAGE_GENERATION_FAILED: '이미지 생성에 실패했습니다.',
    INTERNAL: '서버에 문제가 발생했습니다.',
    UNAVAILABLE: '서비스를 잠시 사용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  },
  jobFailures: {
    generation: {
      invalid_request: '요청을 처리할 수 없었습니다. 토큰은 환불되었습니다.',
      processing_failed: '이미지를 생성하지 못했습니다. 토큰은 환불되었습니다.',
      expired: '{{duration}} 안에 결과가 나오지 않았습니다. 토큰은 환불되었습니다.',
      stalled: '생성이 응답을 멈췄습니다. 토큰은 환불되었습니다.',
      not_started: '제때 작업을 맡을 워커가 없었습니다. 토큰은 환불되었습니다.',
    },
    training: {
      invalid_request: '학습 작업을 처리할 수 없었습니다. 스타일을 다시 제출해 주세요.',
      processing_failed: '학습에 실패했습니다. 스타일을 다시 제출해 주세요.',
      expired: '학습 시간이 너무 오래 걸렸습니다. 스타일을 다시 제출해 주세요.',
      stalled: '학습 워커가 {{duration}} 동안 응답하지 않았습니다. 스타일을 다시 제출해 주세요.',
      not_started: '{{duration}} 안에 학습 작업을 맡은 워커가 없었습니다. 스타일을 다시 제출해 주세요.',
    },
  },
};
