// What the license screens show, decided apart from React so it can be tested on its own.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@style-license/server';
import { VERIFY_FILE_MAX_BYTES, verifyLicenseSchema, type Locale } from '@style-license/shared';

export type Verification = inferRouterOutputs<AppRouter>['licenses']['verify'];
export type GenuineLicense = Extract<Verification, { genuine: true }>;
/** How a genuine answer found its license: which evidence, how strongly, and whether it is the file issued. */
export type Evidence = GenuineLicense['evidence'];
/** Content credentials (C2PA) in a file that traced to no license: another service's, or ours broken. */
export type FileCredentials = NonNullable<Extract<Verification, { genuine: false }>['credentials']>;

/** The largest file the API checks (docs/API.md, Limits): 8 MB, carried as base64 in its 11 MB body. */
export const MAX_FILE_BYTES = VERIFY_FILE_MAX_BYTES;

/**
 * The license id in what a visitor typed or pasted: a bare id, or the license page's address (the file's
 * metadata holds that URL). Null when it is not an id the API accepts, so we refuse it before asking.
 */
export function parseLicenseId(input: string): string | null {
  const text = input.trim();
  const fromUrl = /\/licenses\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(text)?.[1];
  const candidate = (fromUrl ?? text).toLowerCase();
  return verifyLicenseSchema.safeParse({ licenseId: candidate }).success ? candidate : null;
}

/** Today's name, only when it differs from the one the license was issued with (else nothing to mark). */
export function renamed(issued: string, current: string): string | null {
  return issued === current ? null : current;
}

/**
 * The terms to show in the page's language: Korean from version 2 on when the page is Korean; English
 * otherwise (version 1 was issued in English only, so a Korean page says so). `other` is the second
 * language's text, offered below the first.
 */
export function termsFor(
  license: Pick<GenuineLicense, 'terms' | 'termsKo'>,
  locale: Locale,
): { text: string; lang: Locale; englishOnly: boolean; other: { text: string; lang: Locale } | null } {
  if (locale === 'ko' && license.termsKo)
    return {
      text: license.termsKo,
      lang: 'ko',
      englishOnly: false,
      other: { text: license.terms, lang: 'en' },
    };
  return { text: license.terms, lang: 'en', englishOnly: locale === 'ko', other: null };
}

/** "2 MB" in the page's language. */
export function formatBytes(bytes: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(
    bytes / (1024 * 1024),
  );
}

/**
 * A confidence (0..1) rounded down to 5 decimals of a percent, ready for a percent format: a mark read at
 * 0.999999996 must read 99.99999 %, never a certain-looking 100 %. The tiny nudge keeps 0.9999999 (not
 * exactly representable) from falling to 99.99998 %.
 */
export function confidenceShown(confidence: number): number {
  return Math.floor(confidence * 1e7 + 1e-6) / 1e7;
}

/**
 * What a file that traced to no license carries, which decides what the answer says about it: nothing
 * (`none`), another signer's credentials (`foreign`), ours no longer bound to the bytes (`changed`: edited
 * after signing), or ours intact but naming no license we issued (`unlicensed`).
 */
export type NoMatchKind = 'none' | 'foreign' | 'changed' | 'unlicensed';
export function noMatchKind(credentials: FileCredentials | undefined): NoMatchKind {
  if (!credentials) return 'none';
  if (!credentials.ours) return 'foreign';
  return credentials.valid ? 'unlicensed' : 'changed';
}
