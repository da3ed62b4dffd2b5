/**
 * A demo artist's signature, drawn in code: the name as one handwritten-looking pen line (a loop per
 * letter, tall for capitals and ascenders, dipping for descenders, a pen lift per word) and a flourish
 * under it, in dark ink on transparency. Drawn as paths rather than SVG text, so it looks the same on a
 * machine without fonts; seeded by the name, so every start draws the same bytes.
 */
import sharp from 'sharp';

const WIDTH = 640;
const HEIGHT = 200;
const BASELINE = 130;
const ASCENDERS = new Set('bdfhklt');
const DESCENDERS = new Set('gjpqy');

/** A small deterministic generator (mulberry32), seeded by the name: the same name, the same hand. */
function randomFor(text: string): () => number {
  let seed = 2166136261;
  for (const char of text) seed = Math.imul(seed ^ char.codePointAt(0)!, 16777619);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const num = (v: number) => v.toFixed(1);

/** How high a letter's loop rises above the baseline (negative: how far it dips below). */
function loopHeight(char: string): { rise: number; dip: number } {
  if (char !== char.toLowerCase()) return { rise: 95, dip: 0 };
  if (ASCENDERS.has(char)) return { rise: 80, dip: 0 };
  if (DESCENDERS.has(char)) return { rise: 38, dip: 45 };
  return { rise: 38, dip: 0 };
}

/** The SVG path of `name` written in one hand: each word a connected line of loops. */
export function signaturePath(name: string): string {
  const random = randomFor(name);
  const letters = [...name].filter((c) => c === ' ' || /\p{L}/u.test(c));
  const step = Math.min(48, (WIDTH - 80) / Math.max(1, letters.length));
  const slant = 10 + random() * 8;
  let x = 30;
  let path = '';
  let penDown = false;
  for (const char of letters) {
    if (char === ' ') {
      x += step * 0.6;
      penDown = false;
      continue;
    }
    const { rise, dip } = loopHeight(char);
    const wobble = () => (random() - 0.5) * 8;
    const top = BASELINE - rise + wobble();
    if (!penDown) path += ` M${num(x)} ${num(BASELINE + wobble())}`;
    penDown = true;
    // Up the right of the loop, over its top, and back down past the start: a cursive letter's shape.
    path +=
      ` C${num(x + step * 0.9 + slant)} ${num(BASELINE - rise * 0.4)} ${num(x + step * 0.5 + slant)} ${num(top)}` +
      ` ${num(x + step * 0.3 + slant)} ${num(top)}`;
    path +=
      ` C${num(x + step * 0.1)} ${num(top)} ${num(x + step * 0.2)} ${num(BASELINE + dip + wobble())}` +
      ` ${num(x + step)} ${num(BASELINE + wobble() / 2)}`;
    x += step;
  }
  const end = Math.min(WIDTH - 20, x + 20);
  const flourish =
    ` M${num(24 + random() * 10)} ${num(BASELINE + 38)}` +
    ` Q${num(end * 0.5)} ${num(BASELINE + 18 + random() * 20)} ${num(end)} ${num(BASELINE + 30)}`;
  return path.trim() + flourish;
}

/** The signature as an RGBA PNG, as an artist would upload a scan with the background removed. */
export async function drawSignature(name: string, ink = '#1b1b3a'): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">` +
    `<path d="${signaturePath(name)}" fill="none" stroke="${ink}" stroke-width="6" ` +
    'stroke-linecap="round" stroke-linejoin="round"/></svg>';
  return sharp(Buffer.from(svg)).png().toBuffer();
}
