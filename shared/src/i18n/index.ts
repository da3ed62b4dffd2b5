import { en } from './en';
import { ko } from './ko';

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export const resources = { en, ko } satisfies Record<Locale, unknown>;
export type { Resources } from './en';
export { translations, type Translation } from './translation';
