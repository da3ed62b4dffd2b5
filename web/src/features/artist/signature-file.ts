/**
 * The signature file, checked in the browser before it is sent, by the shared schema (name and size);
 * the server still decides by the bytes. Refusals are rules with words in `artist.signatureRules`, the
 * same rules the server names (`max_size`, `format`, `max_pixels`), or the shared `signatureRules`.
 */
import {
  SIGNATURE_MAX_BYTES,
  signatureFileSchema,
  type ErrorDetail,
  type SignatureFile,
} from '@style-license/shared';
import type { TFunction } from 'i18next';
import { describeDetail, describeError, errorInfo } from '../../lib/errors';
import { toBase64 } from '../../lib/files';

export type SignatureClientRule = 'format' | 'max_size';

/** Why this file cannot be a signature, before reading it: wrong type or over 2 MB; null when fine. */
export function checkSignatureFile(file: {
  name: string;
  size: number;
  type: string;
}): SignatureClientRule | null {
  if (!signatureFileSchema.shape.fileName.safeParse(file.name).success) return 'format';
  if (file.type && !['image/png', 'image/jpeg'].includes(file.type)) return 'format';
  if (file.size > SIGNATURE_MAX_BYTES) return 'max_size';
  return null;
}

/** The request body's file, or the rule that refuses it (checked with the shared schema). */
export async function toSignatureFile(
  file: File,
): Promise<{ ok: true; value: SignatureFile } | { ok: false; rule: SignatureClientRule }> {
  const early = checkSignatureFile(file);
  if (early) return { ok: false, rule: early };
  const value = { fileName: file.name, dataBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
  const parsed = signatureFileSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      rule: parsed.error.issues.some((i) => i.path[0] === 'fileName') ? 'format' : 'max_size',
    };
  return { ok: true, value: parsed.data };
}

const OWN_RULES = ['max_size', 'format', 'max_pixels'] as const;
type OwnRule = (typeof OWN_RULES)[number];
const isOwnRule = (rule: string | undefined): rule is OwnRule => OWN_RULES.includes(rule as OwnRule);

/** One sentence for a signature detail: the shared words (not_empty, not_visible, names), else ours. */
function describeSignatureDetail(detail: ErrorDetail, t: TFunction): string | null {
  const shared = describeDetail(detail, t);
  if (shared) return shared;
  if (isOwnRule(detail.rule)) return t(`artist.signatureRules.${detail.rule}`);
  if (detail.path?.startsWith('signature.fileName')) return t('artist.signatureRules.format');
  if (detail.path?.startsWith('signature.dataBase64')) return t('artist.signatureRules.max_size');
  return null;
}

/** A refused application or replacement in words: per rule when a detail names one, else by code. */
export function describeSignatureError(error: unknown, t: TFunction): string {
  for (const detail of errorInfo(error).details) {
    const sentence = describeSignatureDetail(detail, t);
    if (sentence) return sentence;
  }
  return describeError(error, t);
}

/** Which field an error belongs to, so the form shows it there. */
export function errorField(error: unknown): 'signature' | 'displayName' | 'contactEmail' | null {
  const { details } = errorInfo(error);
  const path = details.find((d) => d.path)?.path ?? '';
  if (path.startsWith('signature')) return 'signature';
  if (path.startsWith('displayName')) return 'displayName';
  if (path.startsWith('contactEmail')) return 'contactEmail';
  return null;
}
