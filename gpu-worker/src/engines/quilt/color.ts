/**
 * sRGB (8-bit, D65) ↔ CIE Lab conversions over whole pixel buffers. Lab is where the engine measures
 * colour: its distances follow perceived differences, so palettes and colour transfer look right.
 * Both directions use lookup tables for the sRGB transfer curve; results are deterministic.
 */

const XN = 0.95047;
const ZN = 1.08883;
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

/** sRGB byte → linear light. */
const TO_LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear light, quantised to 1/LINEAR_STEPS, → sRGB byte (finer than one byte step everywhere). */
const LINEAR_STEPS = 8192;
const TO_SRGB = new Uint8Array(LINEAR_STEPS + 1);
for (let i = 0; i <= LINEAR_STEPS; i++) {
  const c = i / LINEAR_STEPS;
  const v = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  TO_SRGB[i] = Math.round(Math.min(1, Math.max(0, v)) * 255);
}

const labF = (t: number) => (t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
const labFInverse = (f: number) => {
  const cube = f * f * f;
  return cube > EPSILON ? cube : (116 * f - 16) / KAPPA;
};

const toByte = (linear: number) =>
  TO_SRGB[linear <= 0 ? 0 : linear >= 1 ? LINEAR_STEPS : Math.round(linear * LINEAR_STEPS)]!;

/** Converts RGB pixels (3 bytes each) to Lab (3 floats each). */
export function rgbToLab(rgb: Uint8Array, out: Float32Array = new Float32Array((rgb.length / 3) * 3)) {
  const pixels = Math.min(rgb.length, out.length) / 3;
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    const r = TO_LINEAR[rgb[i]!]!;
    const g = TO_LINEAR[rgb[i + 1]!]!;
    const b = TO_LINEAR[rgb[i + 2]!]!;
    const fx = labF((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / XN);
    const fy = labF(0.2126729 * r + 0.7151522 * g + 0.072175 * b);
    const fz = labF((0.0193339 * r + 0.119192 * g + 0.9503041 * b) / ZN);
    out[i] = 116 * fy - 16;
    out[i + 1] = 500 * (fx - fy);
    out[i + 2] = 200 * (fy - fz);
  }
  return out;
}

/** Converts Lab pixels back to RGB bytes, clipping colours outside the sRGB gamut. */
export function labToRgb(lab: Float32Array, out: Uint8Array = new Uint8Array(lab.length)) {
  const pixels = Math.min(lab.length, out.length) / 3;
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    const fy = (lab[i]! + 16) / 116;
    const x = labFInverse(fy + lab[i + 1]! / 500) * XN;
    const y = labFInverse(fy);
    const z = labFInverse(fy - lab[i + 2]! / 200) * ZN;
    out[i] = toByte(3.2404542 * x - 1.5371385 * y - 0.4985314 * z);
    out[i + 1] = toByte(-0.969266 * x + 1.8760108 * y + 0.041556 * z);
    out[i + 2] = toByte(0.0556434 * x - 0.2040259 * y + 1.0572252 * z);
  }
  return out;
}

/** One Lab colour as an `#rrggbb` string (for the palette in the model's header). */
export function labToHex(l: number, a: number, b: number): string {
  const rgb = labToRgb(Float32Array.of(l, a, b));
  return `#${[...rgb].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
