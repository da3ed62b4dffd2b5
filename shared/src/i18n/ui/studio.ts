// The studio screens' strings, in English and Korean.
import { translations } from '../translation';

export const studio = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
