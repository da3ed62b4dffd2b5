// The account screens' strings. Korean: the type requires every English key.
import type { Translation } from '../../translation';
import type { account as English } from '../en/account';

export const account: Translation<typeof English> = {
  title: '계정',
  profile: {
    title: '프로필',
    email: '이메일',
    displayName: '표시 이름',
    displayNameHint: '내 스타일과 이미지에 표시되며, 구매하는 모든 이미지의 라이선스에 기록됩니다.',
    saved: '이름을 저장했습니다.',
  },
  language: {
    title: '언어',
    label: '사이트 언어',
    hint: '저장하면 이 페이지가 선택한 언어로 바뀝니다.',
  },
  sessions: {
    title: '로그인된 기기',
    lead: '내 계정에 로그인된 웹 브라우저와 데스크톱 앱입니다. 모르는 기기가 있으면 로그아웃하세요.',
    web: '웹 브라우저',
    desktop: '데스크톱 앱',
    current: '현재 브라우저',
    created: '로그인: {{when, datetime(dateStyle: medium; timeStyle: short)}}',
    lastUsed: '마지막 사용: {{when, datetime(dateStyle: medium; timeStyle: short)}}',
    expires: '만료: {{when, datetime(dateStyle: medium)}}',
    revoke: '로그아웃',
    revokeLabel: '{{name}} 로그아웃 ({{when, datetime(dateStyle: medium; timeStyle: short)}} 로그인)',
    currentHint: '이 세션은 아래의 로그아웃 버튼으로 종료하세요.',
    confirmRevokeTitle: '이 세션을 로그아웃할까요?',
    confirmRevokeBody: '{{name}}에서 로그아웃되며, 계정을 쓰려면 다시 로그인해야 합니다.',
    revoked: '세션을 로그아웃했습니다.',
    empty: '다른 세션이 없습니다.',
  },
  signOut: {
    title: '로그아웃',
    lead: '이 브라우저에서 로그아웃하거나, 모든 브라우저와 데스크톱 앱에서 한 번에 로그아웃할 수 있습니다(기기를 잃어버렸을 때 등).',
    here: '로그아웃',
    everywhere: '모든 기기에서 로그아웃',
    confirmTitle: '모든 기기에서 로그아웃할까요?',
    confirmBody: '이 브라우저를 포함해 내 계정에 로그인된 모든 웹 브라우저와 데스크톱 앱에서 로그아웃됩니다.',
    done_other: '세션 {{count, number}}개에서 로그아웃했습니다.',
  },
  artist: {
    title: '작가 프로필',
    contactEmail: '연락 이메일',
    contactEmailHint: '나에게만 보입니다.',
    since: '작가 등록일',
    sinceValue: '{{when, datetime(dateStyle: long)}}',
    studio: '작가 스튜디오 열기',
    notArtistTitle: '나만의 스타일 판매하기',
    notArtistBody:
      '작가가 되어 내 작품으로 모델을 학습시키고, 누군가 내 스타일로 이미지를 살 때마다 토큰을 받으세요.',
    become: '작가 되기',
  },
};
