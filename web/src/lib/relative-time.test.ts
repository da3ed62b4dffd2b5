import { describe, expect, it } from 'vitest';
import { formatWhen } from './relative-time';

describe('formatWhen', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  it('is relative within a week, a date after', () => {
    expect(formatWhen('2026-12-07T11:55:00Z', 'en', now)).toBe('5 minutes ago');
    expect(formatWhen('2026-12-07T09:00:00Z', 'ko', now)).toBe('3시간 전');
    expect(formatWhen('2026-12-06T12:00:00Z', 'en', now)).toBe('yesterday');
    expect(formatWhen('2026-11-01T12:00:00Z', 'en', now)).toBe('Nov 1, 2026');
  });
});
