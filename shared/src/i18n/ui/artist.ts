// The artist screens' strings, in English and Korean.
import { translations } from '../translation';

export const artist = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
