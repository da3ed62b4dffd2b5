import type { Resources } from './en';
import type { Translation } from './translation';
import { uiKo } from './ui/ko/index';

export const ko: Translation<Resources> = {
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
  names: {
    empty: '이름을 입력해 주세요.',
    too_long: '이름은 최대 {{max}}자입니다.',
    control_characters: '이름에 줄바꿈 같은 제어 문자를 쓸 수 없습니다.',
    bidi_controls: '이름에 텍스트 방향 제어 문자를 쓸 수 없습니다.',
    invisible_characters: '이름에 보이지 않는 문자를 쓸 수 없습니다.',
    noncharacters: '이름에 유니코드 비문자를 쓸 수 없습니다.',
    markup: '이름에 < 또는 >를 쓸 수 없습니다.',
    contains_url: '이름에 웹 주소나 이메일 주소를 쓸 수 없습니다.',
    contains_id: '이름에 ID를 쓸 수 없습니다.',
    name_taken: '다른 작가가 이미 이 이름이나 똑같아 보이는 이름을 쓰고 있습니다.',
  },
  tagRules: {
    bidi_controls: '태그에 텍스트 방향 제어 문자를 쓸 수 없습니다.',
    invisible_characters: '태그에 폭 없는 공백 같은 보이지 않는 문자를 쓸 수 없습니다.',
    unassigned_characters: '태그에 할당되지 않은 문자나 사용자 정의 문자를 쓸 수 없습니다.',
  },
  signatureRules: {
    not_empty: '서명 이미지가 비어 있습니다.',
    not_visible: {
      too_small: '빈 테두리를 잘라낸 서명은 최소 {{min}}×{{min}}픽셀이어야 합니다.',
      too_faint: '서명 중 찍었을 때 보일 만큼 진한 부분이 너무 적습니다. 불투명하고 더 굵은 선을 써 주세요.',
      low_contrast:
        '선이 배경과 충분히 구분되지 않아 찍었을 때 보이지 않습니다. 밝거나 투명한 배경에 더 진한 잉크를 써 주세요.',
    },
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
  licenseTerms: {
    v2: {
      text:
        '스타일 라이선스 {{licenseId}}, 약관 v2. 라이선스 보유자: 사용자 {{licenseeId}}(라이선스 발급 당시 이름 ' +
        '{{licenseeName}}). 보유자는 이 이미지를 상업적 목적을 포함하여 사용, 복제, 수정, 게시 및 판매할 수 ' +
        '있습니다. 이 라이선스는 보유자 본인에게 부여되며 양도할 수 없습니다. 보유자는 이미지와 이를 사용한 ' +
        '작품의 사본을 팔거나 줄 수 있지만, 이 라이선스 자체는 넘길 수 없습니다. 작가의 서명은 보이는 상태로 ' +
        '남아 있어야 합니다. 이미지와 그 사본이나 수정본에서 서명을 제거하거나, 잘라내거나, 가려서는 안 ' +
        '됩니다. 이 이미지는 AI 모델로 생성되었습니다: {{model}}. 그림체 자체는 라이선스되지 않으며, 이 ' +
        '이미지를 다른 모델의 학습에 사용할 수 없습니다. 검증은 수정되지 않은 원본 파일에만 일치합니다. ' +
        '수정된 사본도 라이선스 ID로 이 라이선스의 적용을 받습니다.',
      models: {
        quilt:
          'Style License의 quilt 엔진(작가 본인의 이미지로만 학습한 패치 기반 텍스처 합성 모델이며, 제3자의 ' +
          '기반 모델을 쓰지 않습니다)',
        'diffusers-lora':
          'Stable Diffusion 기반 모델에 작가의 이미지로 학습한 LoRA 어댑터를 적용한 모델. 이 이미지는 해당 ' +
          '기반 모델의 라이선스인 CreativeML OpenRAIL-M(Stable Diffusion 1.x) 또는 CreativeML ' +
          'OpenRAIL++-M(Stable Diffusion 2.x 및 XL)과 그 사용 제한도 따릅니다',
      },
    },
  },
  ...uiKo,
};
