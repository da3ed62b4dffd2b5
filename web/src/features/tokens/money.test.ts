import { describe, expect, it } from 'vitest';
import { TOKEN_PACKAGES } from '@style-license/shared';
import { choosePackage, formatMoney, formatPerToken, parseNeed } from './money';

describe('choosePackage', () => {
  it('highlights the smallest package that covers the need', () => {
    expect(choosePackage(TOKEN_PACKAGES, 1)?.id).toBe('tokens_100');
    expect(choosePackage(TOKEN_PACKAGES, 100)?.id).toBe('tokens_100');
    expect(choosePackage(TOKEN_PACKAGES, 101)?.id).toBe('tokens_500');
    expect(choosePackage(TOKEN_PACKAGES, 500)?.id).toBe('tokens_500');
    expect(choosePackage(TOKEN_PACKAGES, 501)?.id).toBe('tokens_1000');
  });

  it('does not depend on the order packages arrive in', () => {
    expect(choosePackage([...TOKEN_PACKAGES].reverse(), 120)?.id).toBe('tokens_500');
  });

  it('falls back to the largest package for a need beyond all, and to none without a need', () => {
    expect(choosePackage(TOKEN_PACKAGES, 5000)?.id).toBe('tokens_1000');
    expect(choosePackage(TOKEN_PACKAGES, null)).toBeNull();
    expect(choosePackage([], 10)).toBeNull();
  });
});

describe('parseNeed', () => {
  it('accepts a positive whole number of tokens only', () => {
    expect(parseNeed('30')).toBe(30);
    expect(parseNeed(null)).toBeNull();
    expect(parseNeed('0')).toBeNull();
    expect(parseNeed('-5')).toBeNull();
    expect(parseNeed('2.5')).toBeNull();
    expect(parseNeed('1e3')).toBeNull();
    expect(parseNeed('abc')).toBeNull();
  });
});

describe('formatMoney', () => {
  it('shows won (no minor unit) in the page language', () => {
    expect(formatMoney(10_000, 'krw', 'en')).toBe('₩10,000');
    expect(formatMoney(45_000, 'krw', 'ko')).toBe('₩45,000');
  });

  it('reads a two-decimal currency as cents', () => {
    expect(formatMoney(1999, 'usd', 'en')).toBe('$19.99');
  });

  it('prices one token of a package', () => {
    expect(formatPerToken({ id: 'x', tokens: 500, amount: 45_000, currency: 'krw' }, 'en')).toBe('₩90');
  });
});
