// The notifications screens' strings, in English and Korean.
import { translations } from '../translation';

export const notifications = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
