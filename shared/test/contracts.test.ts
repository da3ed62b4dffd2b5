import { describe, expect, it } from 'vitest';
import { AppError, ERROR_STATUS, envelopeSchema, isErrorCode, resources } from '../src/index';

describe('error codes', () => {
  it('bind each code to the HTTP status the API promises', () => {
    expect(ERROR_STATUS).toEqual({
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      LICENSE_REQUIRED: 403,
      INSUFFICIENT_CREDITS: 402,
      VALIDATION_FAILED: 400,
      PAYLOAD_TOO_LARGE: 413,
      RATE_LIMITED: 429,
      CONFLICT: 409,
      MODEL_TRAINING_FAILED: 500,
      IMAGE_GENERATION_FAILED: 500,
      INTERNAL: 500,
      UNAVAILABLE: 503,
    });
  });

  it('recognise only their own names', () => {
    expect(isErrorCode('CONFLICT')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(409)).toBe(false);
  });

  it('carry status, details and retry hints on AppError', () => {
    const error = new AppError('RATE_LIMITED', 'slow down', { retryAfter: 12 });
    expect(error.httpStatus).toBe(429);
    expect(error.retryAfter).toBe(12);
  });
});

// Key parity, plurals and interpolation variables: shared/test/i18n-parity.test.ts.
describe('i18n resources', () => {
  it('name every error code in both languages', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(resources.en.errors).toHaveProperty(code);
      expect(resources.ko.errors).toHaveProperty(code);
    }
  });
});

describe('queue envelope', () => {
  const valid = {
    id: '0b7e6f0c-2b1e-4a53-9c1f-6a1d2e3f4a5b',
    type: 'training.requested',
    createdAt: new Date().toISOString(),
    payload: {},
  };

  it('accepts a well-formed message', () => {
    expect(envelopeSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['a non-uuid id', { id: 'job-1' }],
    ['an empty type', { type: '' }],
    ['a non-ISO timestamp', { createdAt: 'yesterday' }],
  ])('refuses %s', (_name, change) => {
    expect(envelopeSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
