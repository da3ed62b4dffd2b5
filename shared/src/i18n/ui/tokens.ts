// The tokens screens' strings, in English and Korean.
import { translations } from '../translation';

export const tokens = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
