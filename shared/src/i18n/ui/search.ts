// The search screens' strings, in English and Korean.
import { translations } from '../translation';

export const search = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
