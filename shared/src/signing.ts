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

/** The license terms text written into each file and shown on verification. */
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
