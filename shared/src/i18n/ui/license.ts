// The license screens' strings, in English and Korean.
import { translations } from '../translation';

export const license = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
