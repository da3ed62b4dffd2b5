/**
 * Every API error the user can meet becomes one human sentence in their language: by the rule of its
 * detail when we have words for that rule (names, tags, signatures, a changed price), else by its code.
 * Never raw JSON: an error we cannot read is a network failure or `INTERNAL`.
 */
import { TRPCClientError } from '@trpc/client';
import { SIGNATURE_MIN_SIDE_PX, isErrorCode, type ErrorCode, type ErrorDetail } from '@style-license/shared';
import type { TFunction } from 'i18next';
import { enBase as en } from '@style-license/shared/i18n/en-base';

export interface ApiErrorInfo {
  /** null: no answer from the server at all (offline, DNS, connection reset). */
  code: ErrorCode | null;
  details: ErrorDetail[];
}

export function errorInfo(error: unknown): ApiErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? error.shape?.data) as { code?: unknown; details?: ErrorDetail[] } | undefined;
    if (data && isErrorCode(data.code)) return { code: data.code, details: data.details ?? [] };
    return { code: error.cause instanceof TypeError || !data ? null : 'INTERNAL', details: [] };
  }
  if (error instanceof ApiFailure) return { code: error.code, details: error.details };
  if (error instanceof TypeError) return { code: null, details: [] };
  return { code: 'INTERNAL', details: [] };
}

/** An error from a plain HTTP call (an upload to its link), in the same terms as a tRPC error. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetail[] = [],
  ) {
    super(code);
  }
}

export function errorCodeOf(error: unknown): ErrorCode | null {
  return errorInfo(error).code;
}

const isKey = <T extends object>(table: T, key: string | undefined): key is Extract<keyof T, string> =>
  key !== undefined && Object.hasOwn(table, key);

/** The sentence for one detail, or null when only the error's code has words. */
export function describeDetail(detail: ErrorDetail, t: TFunction): string | null {
  const rule = detail.rule;
  if (rule === 'price_changed') return t('common.errors.priceChanged', { price: Number(detail.value) });
  if (rule === 'not_visible' && isKey(en.signatureRules.not_visible, String(detail.value)))
    return t(`signatureRules.not_visible.${String(detail.value) as 'too_small'}`, {
      min: SIGNATURE_MIN_SIDE_PX,
    });
  if (rule === 'not_empty') return t('signatureRules.not_empty');
  if (isKey(en.names, rule)) return t(`names.${rule}`, { max: detail.value ?? 60 });
  if (isKey(en.tagRules, rule)) return t(`tagRules.${rule}`);
  return null;
}

/** One message for the whole error: the first detail with words, else the code's sentence. */
export function describeError(error: unknown, t: TFunction): string {
  const { code, details } = errorInfo(error);
  if (code === null) return t('common.errors.network');
  for (const detail of details) {
    const sentence = describeDetail(detail, t);
    if (sentence) return sentence;
  }
  return t(`errors.${code}`);
}
