import type { Engine } from './domain';
import { resources, type Locale } from './i18n/index';

/**
 * The signature rules, defined once: every generated image carries the artist's signature in the
 * bottom-right corner, with a margin of 3% of the image width, scaled to 18% of the image width, at
 * 80% opacity, with a thin contrasting outline. Never set per request.
 */
export const SIGNATURE_RULES = {
  marginRatio: 0.03,
  widthRatio: 0.18,
  opacity: 0.8,
  /** Outline thickness as a share of the image width (at least one pixel). */
  outlineRatio: 0.003,
} as const;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the signature goes on an image, given the signature's own aspect ratio. Pure and exact. */
export function signatureBox(
  image: { width: number; height: number },
  signature: { width: number; height: number },
): Box {
  const width = Math.max(1, Math.round(image.width * SIGNATURE_RULES.widthRatio));
  const height = Math.max(1, Math.round((width * signature.height) / signature.width));
  const margin = Math.round(image.width * SIGNATURE_RULES.marginRatio);
  return { left: image.width - margin - width, top: image.height - margin - height, width, height };
}

export const outlinePixels = (imageWidth: number) =>
  Math.max(1, Math.round(imageWidth * SIGNATURE_RULES.outlineRatio));

/**
 * The license terms text of version 1, written into files and recorded on licenses issued before
 * version 2 (no licensee, no model named). Kept word for word: those licenses and files still carry it.
 */
export const LICENSE_TERMS_V1 =
  'Style License v1: the licensee may use, copy, modify, publish and sell this image, including for commercial purposes. ' +
  "The artist's signature must not be removed. The style itself is not licensed for training other models.";

/**
 * What a style sample says in place of license terms: training makes samples to show the style, signed
 * like a bought image, and grants no right to them.
 */
export const SAMPLE_TERMS_V1 =
  'Style sample: made by Style License to show this style. It is not licensed: no right to use, copy, ' +
  "modify, publish or sell it is granted. The artist's signature must not be removed.";

/**
 * User text (names) as files and terms carry it: control characters become a space (they truncate EXIF
 * strings, and XML 1.0 cannot hold most of them); lone surrogates, noncharacters (U+FFFE and U+FFFF make
 * a packet ill-formed for strict XML parsers) and bidi controls (which reorder a field on screen) are
 * dropped. Whatever a name holds, the result fits in an XML 1.0 packet and reads in its logical order.
 */
export const printableText = (text: string) =>
  text
    .replace(/[\p{Cs}\p{Noncharacter_Code_Point}\p{Bidi_Control}]/gu, '')
    .replace(/\p{Cc}+/gu, ' ')
    .trim();

/**
 * A name inside a sentence of metadata or terms: printable, in double quotes, with any quote or
 * backslash in it escaped (JSON's string syntax), so a name can never end its quotes and pass the rest
 * of itself off as a license id, a URL or other fixed text.
 */
/**
 * Quote-like characters that an ASCII rendering (EXIF strings are ASCII; libvips transliterates) could
 * turn into a `"` and so close the quotes early: made apostrophes before quoting.
 */
const QUOTE_LIKE = /[\p{Pi}\p{Pf}\u02BA\u02DD\u02EE\u201C-\u201F\u2033\u2036\u3003\u301D-\u301F\uFF02]/gu;
export const quotedName = (name: string) => JSON.stringify(printableText(name).replace(QUOTE_LIKE, "'"));

/** Who and what a license's terms name, as recorded at issue. */
export interface LicenseTermsParties {
  licenseId: string;
  licenseeId: string;
  licenseeName: string;
  /** The engine of the style version the image was made with: the terms name its model. */
  engine: Engine;
}

/** One pass, so a name holding "{{model}}" stays that text instead of being filled in. */
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/**
 * Version 2 of the license terms, in each locale (`licenseTerms.v2` in the i18n resources): the licensee
 * by id and by name at issue, commercial use, the signature rule, non-transferability, and the AI model
 * that made the image, with the base model's license where there is one. A version's wording never
 * changes once issued (new wording is a new version); the file carries the same text as the license.
 */
export const LICENSE_TERMS_V2 = {
  version: 2,
  text: (parties: LicenseTermsParties, locale: Locale = 'en'): string => {
    const terms = resources[locale].licenseTerms.v2;
    return fill(terms.text, {
      licenseId: parties.licenseId,
      licenseeId: parties.licenseeId,
      licenseeName: quotedName(parties.licenseeName),
      model: terms.models[parties.engine],
    });
  },
} as const;

/** The version new licenses are issued under; every issued license records its own. */
export const LICENSE_TERMS_VERSION = LICENSE_TERMS_V2.version;
