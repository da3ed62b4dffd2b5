// The images screens' strings, in English and Korean.
import { translations } from '../translation';

export const images = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
