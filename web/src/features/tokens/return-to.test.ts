import { afterEach, describe, expect, it } from 'vitest';
import {
  forgetReturnTo,
  localizeReturnTo,
  recallReturnTo,
  rememberReturnTo,
  returnToKind,
  sanitizeReturnTo,
} from './return-to';

describe('sanitizeReturnTo', () => {
  it('keeps same-site paths with their query and hash', () => {
    expect(sanitizeReturnTo('/styles/abc')).toBe('/styles/abc');
    expect(sanitizeReturnTo('/ko/styles/abc?tab=2#generate')).toBe('/ko/styles/abc?tab=2#generate');
    expect(sanitizeReturnTo('/')).toBe('/');
    expect(sanitizeReturnTo('/a/../styles/abc')).toBe('/styles/abc');
  });

  it.each([
    '//evil.com',
    '//evil.com/styles',
    'https://evil.com/',
    'http://127.0.0.1:3103/styles/x',
    'javascript:alert(1)',
    '/\\evil.com',
    '/\\x',
    '\\\\evil.com',
    'styles/abc',
    '/styles\n/x',
    '/a/..//evil.com',
    '/a/../..//evil.com/styles',
    '/./..//evil.com',
    '/%2e%2e//evil.com',
    '',
  ])('rejects %j', (value) => {
    expect(sanitizeReturnTo(value)).toBeNull();
  });

  it('rejects nothing at all', () => {
    expect(sanitizeReturnTo(null)).toBeNull();
    expect(sanitizeReturnTo(undefined)).toBeNull();
  });
});

describe('localizeReturnTo and returnToKind', () => {
  it('puts the path in the page language', () => {
    expect(localizeReturnTo('/styles/a?x=1', 'ko')).toBe('/ko/styles/a?x=1');
    expect(localizeReturnTo('/en/styles/a', 'ko')).toBe('/ko/styles/a');
    expect(localizeReturnTo('/', 'en')).toBe('/en');
  });

  it('names where the path leads', () => {
    expect(returnToKind('/ko/styles/abc')).toBe('style');
    expect(returnToKind('/styles/abc?x=1')).toBe('style');
    expect(returnToKind('/en/images')).toBe('images');
    expect(returnToKind('/search')).toBe('other');
  });
});

describe('remembering across the checkout', () => {
  afterEach(() => sessionStorage.clear());

  it('returns what was stored, sanitised again', () => {
    rememberReturnTo('/styles/abc');
    expect(recallReturnTo()).toBe('/styles/abc');
    sessionStorage.setItem('style-license.checkout.returnTo', '//evil.com');
    expect(recallReturnTo()).toBeNull();
    rememberReturnTo('/images');
    forgetReturnTo();
    expect(recallReturnTo()).toBeNull();
  });
});
