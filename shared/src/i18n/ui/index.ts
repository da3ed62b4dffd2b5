// Every screen's strings, one namespace per feature folder of the web client (and the desktop renderer).
import type { Translation } from '../translation';
import { account } from './account';
import { artist } from './artist';
import { common } from './common';
import { home } from './home';
import { images } from './images';
import { license } from './license';
import { notifications } from './notifications';
import { search } from './search';
import { style } from './style';
import { studio } from './studio';
import { tokens } from './tokens';

const screens = { common, home, search, style, tokens, images, artist, studio, notifications, license, account };
type Screens = typeof screens;

export const uiEn = Object.fromEntries(Object.entries(screens).map(([k, v]) => [k, v.en])) as {
  [K in keyof Screens]: Screens[K]['en'];
};
export const uiKo: Translation<typeof uiEn> = Object.fromEntries(
  Object.entries(screens).map(([k, v]) => [k, v.ko]),
) as { [K in keyof Screens]: Screens[K]['ko'] };
