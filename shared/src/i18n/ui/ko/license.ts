// The license screens' strings (the license page and the verify page). Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { license as English } from '../en/license';

export const license: Translation<typeof English> = {
  openInApp: '스타일 라이선스에서 열기',
  genuine: {
    title: '정품 스타일 라이선스',
    badge: '정품',
    lead: '스타일 라이선스가 발급한 라이선스입니다. 파일에 기록된 내용과 같으며, 발급 후 바뀌지 않습니다.',
    licenseId: '라이선스 ID',
    issuedAt: '발급일',
    issuedAtValue: '{{when, datetime(dateStyle: long; timeStyle: short)}}',
    terms: '약관 버전',
    termsValue: '버전 {{version, number}}',
  },
  parties: {
    title: '라이선스 대상',
    namesAtIssue: '이름은 라이선스가 발급될 때의 이름으로 표시됩니다.',
    namesAtIssueV1:
      '이 라이선스는 이름을 기록하기 전에 발급되었습니다. 아래 이름은 발급 당시 또는 이름 기록이 시작될 때의 이름이며, 파일에 적힌 이름과 다를 수 있습니다.',
    licensee: '라이선스 보유자',
    artist: '작가',
    style: '스타일',
    currentName: '현재 이름: {{name}}',
    userId: '사용자 ID',
    artistId: '작가 ID',
    styleId: '스타일 ID',
    modelVersion: '모델 버전 {{version, number}}',
    openArtist: '작가 보기',
    openStyle: '스타일 보기',
  },
  termsSection: {
    title: '라이선스 약관',
    englishOnly: '버전 1 약관은 영어로만 발급되었습니다.',
    otherLanguage: '영어 원문 보기',
  },
  file: {
    title: '라이선스 파일',
    sha256: '파일 SHA-256',
    explain:
      '발급된 파일의 지문입니다. 파일로 확인하면 이 원본 파일은 물론, 수정한 사본(다시 인코딩하거나 크기를 바꾸거나 자른 파일)도 이미지에 담긴 보이지 않는 라이선스 표식으로 이 라이선스를 찾아냅니다. 스타일 라이선스가 서명한 콘텐츠 자격 증명(C2PA)에도 이 라이선스가 적혀 있습니다. 수정한 사본에도 이 라이선스가 그대로 적용됩니다.',
    verifyFile: '파일 확인하기',
  },
  invalid: {
    title: '유효하지 않은 라이선스',
    body: '스타일 라이선스가 이 ID로 발급한 라이선스가 없습니다. ID를 확인하거나 이미지 파일로 직접 확인해 보세요.',
    verify: '라이선스 확인',
  },
  verify: {
    title: '라이선스 확인',
    lead: '이미지가 정품인지 확인하고, 함께 발급된 라이선스를 볼 수 있습니다.',
    byId: {
      title: '라이선스 ID로 확인',
      hint: 'ID는 이미지 메타데이터와 라이선스 페이지 주소에 있습니다.',
      label: '라이선스 ID',
      placeholder: '예: 9c2643d4-91dd-43e1-8734-427074a90a12',
      submit: '조회',
      invalid:
        '라이선스 ID 형식이 아닙니다. 라이선스 ID는 9c2643d4-91dd-43e1-8734-427074a90a12 같은 형식입니다.',
    },
    byFile: {
      title: '이미지 파일로 확인',
      hint: '발급된 파일 그대로인지, 콘텐츠 자격 증명(C2PA)이 있는지, 수정한 사본에도 남는 보이지 않는 라이선스 표식이 있는지 확인합니다. 파일은 확인에만 쓰이며 저장되지 않습니다.',
      drop: '이미지를 여기에 끌어다 놓거나 파일을 선택하세요',
      dropActive: '이미지를 놓으면 확인합니다',
      choose: '파일 선택',
      limit: 'PNG, JPEG, WebP, 최대 {{size}}',
      checking: '{{name}} 확인 중…',
      tooLarge:
        '파일이 {{size}}보다 큽니다. 라이선스 이미지는 이보다 훨씬 작으니 원본 파일인지 확인해 주세요.',
      wrongType: '이미지 파일이 아닙니다. PNG, JPEG 또는 WebP 이미지를 선택해 주세요.',
      unreadable: '파일을 읽을 수 없습니다. 다시 시도해 주세요.',
    },
    result: {
      genuineTitle: '정품: 라이선스가 있는 파일입니다',
      exact: {
        badge: '원본 파일',
        body: '{{file}} 파일은 라이선스 {{licenseId}}의 수정되지 않은 원본입니다.',
      },
      mark: {
        badge: '수정한 사본 · 라이선스 표식',
        body: '{{file}} 파일은 라이선스가 있는 이미지를 수정한 사본입니다(다시 인코딩, 크기 변경 또는 자르기). 보이지 않는 라이선스 표식에 적힌 라이선스는 {{licenseId}}입니다(신뢰도 {{confidence, number(style: percent; maximumFractionDigits: 5)}}). 수정한 사본에도 라이선스가 그대로 적용됩니다.',
      },
      credentials: {
        badge: '콘텐츠 자격 증명',
        body: '{{file}} 파일에는 스타일 라이선스가 서명한 콘텐츠 자격 증명(C2PA)이 있으며, 이미지와 여전히 일치합니다. 자격 증명에 적힌 라이선스는 {{licenseId}}입니다.',
      },
      byId: {
        badge: '라이선스 ID',
        body: '라이선스 ID로 찾은 라이선스는 {{licenseId}}입니다.',
      },
      openLicense: '라이선스 보기',
      noMatchTitle: '일치하는 라이선스가 없는 파일입니다',
      noMatchBody:
        '스타일 라이선스가 발급한 파일이 아니며, 스타일 라이선스의 콘텐츠 자격 증명도 없고, 보이지 않는 라이선스 표식도 읽을 수 없습니다. 많이 수정한 사본(회전하거나 크게 자르거나 많이 축소한 파일)은 표식이 사라질 수 있지만 라이선스는 여전히 적용됩니다. 라이선스 보유자에게 라이선스 ID를 요청해 보세요.',
      foreignTitle: '스타일 라이선스 이미지가 아닙니다',
      foreignBody:
        '스타일 라이선스가 발급한 라이선스 중 이 파일과 일치하는 것이 없고, 보이지 않는 라이선스 표식도 읽을 수 없습니다. 이 파일의 콘텐츠 자격 증명은 스타일 라이선스가 아닌 다른 서비스에서 만든 것입니다.',
      changedBody:
        '스타일 라이선스의 콘텐츠 자격 증명이 있지만 더 이상 파일과 일치하지 않습니다. 서명된 뒤에 파일이 바뀌었습니다. 보이지 않는 라이선스 표식도 읽을 수 없어 라이선스를 찾을 수 없습니다. 라이선스가 있는 이미지를 수정한 사본이라면 라이선스 보유자에게 라이선스 ID를 요청해 보세요.',
      unlicensedBody:
        '스타일 라이선스가 서명한 콘텐츠 자격 증명이 있지만, 스타일 라이선스가 발급한 라이선스를 가리키지 않습니다.',
      credentialsFrom: '{{signer}}({{generator}})의 콘텐츠 자격 증명',
      credentialsFromSigner: '{{signer}}의 콘텐츠 자격 증명',
      unknownSigner: '알 수 없는 서명자',
      credentialsValid: '유효함',
      credentialsInvalid: '유효하지 않음',
      another: '다른 파일 확인',
    },
  },
};
