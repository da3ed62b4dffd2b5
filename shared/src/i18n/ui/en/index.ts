// Every screen's English strings, one namespace per feature folder of the web client (and the desktop
// renderer).
import { account } from './account';
import { artist } from './artist';
import { artists } from './artists';
import { desktop } from './desktop';
import { feed } from './feed';
import { gallery } from './gallery';
import { common } from './common';
import { home } from './home';
import { images } from './images';
import { license } from './license';
import { notifications } from './notifications';
import { search } from './search';
import { studio } from './studio';
import { style } from './style';
import { tokens } from './tokens';

export const uiEn = {
  common,
  home,
  search,
  style,
  tokens,
  images,
  artist,
  studio,
  notifications,
  license,
  account,
  feed,
  gallery,
  artists,
  desktop,
};
