// The artist screens' strings. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { artist as English } from '../en/artist';

export const artist: Translation<typeof English> = {
  apply: {
    title: '작가 되기',
    intro:
      '나만의 그림 스타일을 판매하세요. 직접 그린 이미지로 스타일을 학습시키고 가격을 정하면, 그 스타일로 만들어지는 이미지마다 토큰을 받습니다. 모든 이미지에는 작가님의 서명이 들어갑니다.',
    submit: '작가 되기',
    done: '이제 작가입니다. 첫 스타일을 만들어 보세요.',
    terms: '신청하면 서명과 앞으로 올릴 이미지가 본인의 작품임을 확인하는 것으로 간주됩니다.',
  },
  form: {
    displayName: '작가 이름',
    displayNameHint: '스타일에 표시되고, 라이선스가 발급되는 모든 이미지에 기록됩니다.',
    contactEmail: '연락처 이메일',
    contactEmailHint: '구매자와 플랫폼이 연락할 주소입니다. 공개되지 않습니다.',
    emailInvalid: '올바른 이메일 주소를 입력해 주세요.',
    signature: '서명',
    signatureHint: '2MB 이하의 PNG 또는 JPG 파일. 배경이 투명한 PNG가 가장 잘 보입니다.',
    signatureMissing: '서명 이미지를 선택해 주세요.',
    chooseFile: '파일 선택',
    noFile: '선택한 파일 없음',
  },
  signatureRules: {
    format: '서명은 PNG 또는 JPG 이미지여야 합니다.',
    max_size: '서명 파일은 2MB 이하여야 합니다.',
    max_pixels: '서명 이미지가 너무 큽니다. 최대 4천만 픽셀까지 가능합니다.',
  },
  preview: {
    title: '서명이 찍히는 모습',
    background: '샘플 배경',
    light: '밝게',
    dark: '어둡게',
    alt: '오른쪽 아래에 서명이 찍힌 샘플 그림',
    empty: '서명을 선택하면 샘플 그림에 찍힌 모습을 볼 수 있습니다.',
    blank: '이 이미지는 비어 있는 것 같습니다. 찍을 서명이 없습니다.',
    unreadable: '이 이미지를 읽을 수 없습니다. PNG 또는 JPG 파일을 선택해 주세요.',
    rules:
      '모든 이미지에 같은 방식으로 서명이 들어갑니다. 오른쪽 아래, 이미지 너비의 {{width}}%, 불투명도 {{opacity}}%, 얇은 테두리.',
    outline: {
      white: '잉크가 어두운 색이라 어두운 그림에서도 보이도록 흰색 테두리가 들어갑니다.',
      black: '잉크가 밝은 색이라 밝은 그림에서도 보이도록 검은색 테두리가 들어갑니다.',
    },
  },
  replace: {
    title: '내 서명',
    intro: '내 스타일로 만들어지는 모든 이미지에 이 서명이 찍힙니다.',
    current: '현재 서명',
    currentAlt: '현재 서명',
    newSignature: '새 서명',
    note: '바꾸기 전에 만들어진 이미지에는 당시의 서명이 그대로 남습니다.',
    submit: '서명 바꾸기',
    done: '서명을 바꿨습니다.',
  },
};
