// The home screens' strings, in English and Korean.
import { translations } from '../translation';

export const home = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
