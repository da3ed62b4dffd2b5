// The few words main shows itself (menu, update and error dialogs), in English and Korean: the
// renderer's words live in shared/'s i18n resources, but main runs before and outside the page.
const en = {
  file: 'File',
  addFolder: 'Add folder…',
  edit: 'Edit',
  view: 'View',
  help: 'Help',
  website: 'Style License website',
  updateTitle: 'Update available',
  updateAvailable: (version: string) => `Style License Studio ${version} is available. Download it now?`,
  download: 'Download',
  later: 'Later',
  updateReady: (version: string) => `Version ${version} is downloaded. Restart the studio to install it?`,
  restart: 'Restart',
  coreStopped: 'The studio stopped unexpectedly',
  coreStoppedDetail: 'Your library is safe. Please open the studio again.',
  cannotStart: 'The studio could not start',
};
const ko: typeof en = {
  file: '파일',
  addFolder: '폴더 추가…',
  edit: '편집',
  view: '보기',
  help: '도움말',
  website: 'Style License 웹사이트',
  updateTitle: '업데이트 가능',
  updateAvailable: (version) =>
    `Style License Studio ${version} 버전을 사용할 수 있습니다. 지금 다운로드할까요?`,
  download: '다운로드',
  later: '나중에',
  updateReady: (version) => `${version} 버전을 다운로드했습니다. 스튜디오를 다시 시작해 설치할까요?`,
  restart: '다시 시작',
  coreStopped: '스튜디오가 예기치 않게 중지되었습니다',
  coreStoppedDetail: '라이브러리는 안전합니다. 스튜디오를 다시 열어 주세요.',
  cannotStart: '스튜디오를 시작할 수 없습니다',
};

export type Strings = typeof en;

/** Korean for a locale starting with "ko" (app.getLocale()), English otherwise. */
export const stringsFor = (locale: string): Strings => (locale.toLowerCase().startsWith('ko') ? ko : en);
