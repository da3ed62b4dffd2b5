// Every API error code becomes a human sentence in the page's language, never JSON or a code.
import { TRPCClientError } from '@trpc/client';
import { ERROR_CODES, resources } from '@style-license/shared';
import { describe, expect, it } from 'vitest';
import { initI18n } from './i18n';
import { ApiFailure, describeError, errorInfo } from './errors';

/** The error tRPC's client raises for an answer carrying our error body. */
function apiError(code: string, details?: unknown[]) {
  return TRPCClientError.from({
    error: { code: -32600, message: 'x', data: { code, httpStatus: 400, ...(details ? { details } : {}) } },
  });
}

describe('describeError', () => {
  const i18n = initI18n('en');

  it.each(['en', 'ko'] as const)('gives every error code its own sentence in %s', async (locale) => {
    await i18n.changeLanguage(locale);
    for (const code of ERROR_CODES) {
      const text = describeError(apiError(code), i18n.t);
      expect(text).toBe(resources[locale].errors[code]);
      expect(text).not.toMatch(/[{}"]|^[A-Z_]+$/);
    }
  });

  it('names the broken name rule, with its limit, in the reader language', async () => {
    await i18n.changeLanguage('ko');
    const error = apiError('VALIDATION_FAILED', [
      { path: 'displayName', rule: 'too_long', message: 'x', value: 60 },
    ]);
    expect(describeError(error, i18n.t)).toBe('이름은 최대 60자입니다.');
    await i18n.changeLanguage('en');
    expect(describeError(apiError('CONFLICT', [{ rule: 'name_taken', message: 'x' }]), i18n.t)).toBe(
      resources.en.names.name_taken,
    );
  });

  it('says why a signature was refused', async () => {
    await i18n.changeLanguage('en');
    const error = apiError('VALIDATION_FAILED', [
      { path: 'signature', rule: 'not_visible', value: 'low_contrast', message: 'x' },
    ]);
    expect(describeError(error, i18n.t)).toBe(resources.en.signatureRules.not_visible.low_contrast);
  });

  it('gives the new price when it changed under the buyer', async () => {
    await i18n.changeLanguage('en');
    const error = apiError('CONFLICT', [
      { path: 'expectedPriceTokens', rule: 'price_changed', value: 1200, message: 'x' },
    ]);
    expect(describeError(error, i18n.t)).toBe('The price changed to 1,200 tokens. Check it and try again.');
  });

  it('falls back to the code when a rule has no words', async () => {
    await i18n.changeLanguage('en');
    const error = apiError('VALIDATION_FAILED', [
      { path: 'seed', rule: 'too_big', message: 'Too big: <=2147483647' },
    ]);
    expect(describeError(error, i18n.t)).toBe(resources.en.errors.VALIDATION_FAILED);
  });

  it('calls a missing answer a network problem, and anything unreadable an internal error', async () => {
    await i18n.changeLanguage('en');
    const offline = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(errorInfo(offline).code).toBeNull();
    expect(describeError(offline, i18n.t)).toBe(resources.en.common.errors.network);
    expect(describeError(new Error('boom'), i18n.t)).toBe(resources.en.errors.INTERNAL);
    expect(describeError(new ApiFailure('PAYLOAD_TOO_LARGE'), i18n.t)).toBe(
      resources.en.errors.PAYLOAD_TOO_LARGE,
    );
  });
});
