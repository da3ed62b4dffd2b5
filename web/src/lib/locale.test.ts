// Which language a visitor sees: the URL prefix, else profile, earlier choice, Accept-Language, English.
import { describe, expect, it } from 'vitest';
import { localeFromLanguages, preferredLocale, splitLocale, withLocale } from './locale';

describe('locale routing', () => {
  it('reads the prefix, and only a supported one', () => {
    expect(splitLocale('/ko/styles/1')).toEqual({ locale: 'ko', rest: '/styles/1' });
    expect(splitLocale('/en')).toEqual({ locale: 'en', rest: '/' });
    expect(splitLocale('/fr/styles')).toEqual({ locale: null, rest: '/fr/styles' });
    expect(splitLocale('/kori')).toEqual({ locale: null, rest: '/kori' });
    expect(splitLocale('/')).toEqual({ locale: null, rest: '/' });
  });

  it('switches a page to the other language in place', () => {
    expect(withLocale('/en/styles/1', 'ko')).toBe('/ko/styles/1');
    expect(withLocale('/ko', 'en')).toBe('/en');
    expect(withLocale('/search', 'ko')).toBe('/ko/search');
  });

  it('follows Accept-Language order, by base language', () => {
    expect(localeFromLanguages(['ko-KR', 'en-US'])).toBe('ko');
    expect(localeFromLanguages(['fr-FR', 'en-GB', 'ko'])).toBe('en');
    expect(localeFromLanguages(['fr-FR', 'de'])).toBeNull();
  });

  it('prefers the profile, then the earlier choice, then the browser, then English', () => {
    expect(preferredLocale({ profile: 'ko', chosen: 'en', languages: ['en'] })).toBe('ko');
    expect(preferredLocale({ profile: null, chosen: 'ko', languages: ['en'] })).toBe('ko');
    expect(preferredLocale({ languages: ['ko-KR'] })).toBe('ko');
    expect(preferredLocale({ languages: ['fr'] })).toBe('en');
  });
});
