import { en } from './en';
import { ko } from './ko';

import type { Locale } from './locales';

export { LOCALES, type Locale } from './locales';
export const resources = { en, ko } satisfies Record<Locale, unknown>;
export type { Resources } from './en';
export type { Translation } from './translation';
