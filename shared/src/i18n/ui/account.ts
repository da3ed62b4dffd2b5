// The account screens' strings, in English and Korean.
import { translations } from '../translation';

export const account = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
