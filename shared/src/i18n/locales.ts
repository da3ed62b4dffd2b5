// The languages the product speaks. Apart from the resources, so that naming them loads neither language.
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
