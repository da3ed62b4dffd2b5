// The style screens' strings, in English and Korean.
import { translations } from '../translation';

export const style = translations(
  {
    title: 'TODO',
  },
  {
    title: 'TODO',
  },
);
