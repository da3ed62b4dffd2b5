/**
 * Synthetic "artworks" for tests and benchmarks: three made-up artists, each with its own palette and
 * texture vocabulary, and two subjects per artist that differ in both composition and colours. Images
 * are drawn as plain SVG (librsvg filters are slow) plus seeded grain, so the same (artist, index,
 * options) always gives the same pixels, and a dozen 768-px images take well under two seconds.
 */
import sharp from 'sharp';
import { createRandom, hashString, mixSeeds, type Random } from '../engines/quilt/random';

export const ARTISTS = ['ember', 'neon', 'pastel'] as const;
/** ember: warm watercolour blobs on grainy paper · neon: glowing strokes on a dark ground · pastel: flat shapes. */
export type Artist = (typeof ARTISTS)[number];

export const SUBJECTS = ['portrait', 'landscape'] as const;
export type Subject = (typeof SUBJECTS)[number];

export interface ArtworkOptions {
  /** Square side in pixels (default 768); `width`/`height` override it for non-square images. */
  size?: number;
  width?: number;
  height?: number;
  format?: 'png' | 'jpeg';
  /** Defaults to `subjectFor(index)`. */
  subject?: Subject;
}

export interface TrainingArtwork {
  data: Buffer;
  tags: string[];
  fileName: string;
  subject: Subject;
}

/** Even indices are portraits, odd ones landscapes. */
export const subjectFor = (index: number): Subject => SUBJECTS[index % 2]!;

/** Each artist's medium tag, added to every image's tags by default. */
export const MEDIUM: Record<Artist, string> = { ember: 'watercolour', neon: 'neon', pastel: 'geometric' };

const COLOURS: Record<Artist, { ground: string; grain: number; subjects: Record<Subject, string[]> }> = {
  ember: {
    ground: '#f3e9d2',
    grain: 14,
    subjects: {
      portrait: ['#e07a5f', '#f2a07b', '#c8553d', '#f6bd9c', '#b5485d'],
      landscape: ['#e9a23b', '#d4722c', '#a0522d', '#f3c969', '#c98b2b'],
    },
  },
  neon: {
    ground: '#0b0a22',
    grain: 8,
    subjects: { portrait: ['#ff2bd6', '#ff6ec7', '#b026ff'], landscape: ['#00f0ff', '#39ff14', '#2d7dff'] },
  },
  pastel: {
    ground: '#fbf6ee',
    grain: 3,
    subjects: {
      portrait: ['#cdb4db', '#ffc8dd', '#ffafcc', '#e4c1f9'],
      landscape: ['#b9fbc0', '#fdffb6', '#a0e7e5', '#caffbf'],
    },
  },
};

export async function makeArtwork(
  artist: Artist,
  index: number,
  options: ArtworkOptions = {},
): Promise<Buffer> {
  const width = options.width ?? options.size ?? 768;
  const height = options.height ?? options.size ?? 768;
  const subject = options.subject ?? subjectFor(index);
  const random = createRandom(mixSeeds(hashString(`${artist}/${subject}`), index));
  const { ground, grain, subjects } = COLOURS[artist];
  const colours = subjects[subject];
  const pick = () => colours[Math.floor(random() * colours.length)]!;
  const shapes = DRAW[artist][subject](width, height, random, pick);
  // Watercolour is rendered at a fifth of the size and scaled up: the blur is the wash's soft edge.
  const soft = artist === 'ember' ? 5 : 1;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width / soft)}" height="${Math.ceil(height / soft)}" ` +
    `viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="${ground}"/>${shapes}</svg>`;
  const raw = await sharp(Buffer.from(svg))
    .resize(width, height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  addGrain(raw, width, height, grain, random);
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return options.format === 'jpeg'
    ? image.jpeg({ quality: 90 }).toBuffer()
    : image.png({ compressionLevel: 2 }).toBuffer();
}

export async function makeTrainingSet(
  artist: Artist,
  count: number,
  options: Omit<ArtworkOptions, 'subject'> & { tagsFor?: (index: number, subject: Subject) => string[] } = {},
): Promise<TrainingArtwork[]> {
  const { tagsFor = (_: number, subject: Subject) => [subject, MEDIUM[artist]], ...artwork } = options;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const subject = subjectFor(i);
      const extension = artwork.format === 'jpeg' ? 'jpg' : 'png';
      return {
        data: await makeArtwork(artist, i, artwork),
        tags: tagsFor(i, subject),
        fileName: `${artist}-${String(i).padStart(3, '0')}-${subject}.${extension}`,
        subject,
      };
    }),
  );
}

/** Fine per-pixel grain plus a soft low-frequency mottle, like paper or pigment settling. */
function addGrain(rgb: Buffer, width: number, height: number, amount: number, random: Random) {
  const cell = 48;
  const gw = Math.ceil(width / cell) + 1;
  const gh = Math.ceil(height / cell) + 1;
  const mottle = Float32Array.from({ length: gw * gh }, () => (random() - 0.5) * amount);
  for (let y = 0; y < height; y++) {
    const fy = y / cell;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = x / cell;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const top = mottle[y0 * gw + x0]! * (1 - tx) + mottle[y0 * gw + x0 + 1]! * tx;
      const bottom = mottle[(y0 + 1) * gw + x0]! * (1 - tx) + mottle[(y0 + 1) * gw + x0 + 1]! * tx;
      const shift = top * (1 - ty) + bottom * ty + (random() - 0.5) * amount;
      const i = (y * width + x) * 3;
      // Buffer writes wrap around (256 → 0), hence the explicit clamp.
      rgb[i] = clamp(rgb[i]! + shift);
      rgb[i + 1] = clamp(rgb[i + 1]! + shift);
      rgb[i + 2] = clamp(rgb[i + 2]! + shift);
    }
  }
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
const num = (v: number) => v.toFixed(1);

type Draw = (width: number, height: number, random: Random, pick: () => string) => string;

const repeat = (n: number, draw: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => draw(i)).join('');

/** A wobbly closed blob around (cx, cy): the shape of a wash, smoothed through its edge midpoints. */
function blob(cx: number, cy: number, rx: number, ry: number, random: Random): string {
  const corners = Array.from({ length: 9 }, (_, i) => {
    const angle = (i / 9) * Math.PI * 2;
    const wobble = 0.75 + random() * 0.5;
    return [cx + Math.cos(angle) * rx * wobble, cy + Math.sin(angle) * ry * wobble] as const;
  });
  const mid = (i: number) => {
    const [a, b] = [corners[i % 9]!, corners[(i + 1) % 9]!];
    return `${num((a[0] + b[0]) / 2)} ${num((a[1] + b[1]) / 2)}`;
  };
  const curves = corners.map((_, i) => {
    const [x, y] = corners[(i + 1) % 9]!;
    return ` Q${num(x)} ${num(y)} ${mid(i + 1)}`;
  });
  return `M${mid(0)}${curves.join('')}Z`;
}

function wash(cx: number, cy: number, rx: number, ry: number, random: Random, colour: string): string {
  const opacity = 0.35 + random() * 0.35;
  return `<path d="${blob(cx, cy, rx, ry, random)}" fill="${colour}" opacity="${num(opacity)}"/>`;
}

/** A stroke with a glow: the same path drawn wide and faint under narrow and bright. */
function neonStroke(d: string, colour: string): string {
  const glow = [
    [26, 0.06],
    [16, 0.1],
    [9, 0.2],
  ]
    .map(
      ([w, o]) =>
        `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${w}" opacity="${o}" stroke-linecap="round"/>`,
    )
    .join('');
  return (
    `${glow}<path d="${d}" fill="none" stroke="${colour}" stroke-width="4" stroke-linecap="round"/>` +
    `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="1.2" opacity="0.7" stroke-linecap="round"/>`
  );
}

const DRAW: Record<Artist, Record<Subject, Draw>> = {
  ember: {
    portrait: (w, h, random, pick) =>
      wash(w / 2, h * 0.3, w * 0.3, h * 0.22, random, pick()) + // hair
      wash(w / 2, h * 0.45, w * 0.2, h * 0.26, random, '#f6bd9c') + // face
      wash(w / 2, h * 0.95, w * 0.4, h * 0.25, random, pick()) + // shoulders
      repeat(14, () =>
        wash(
          random() * w,
          random() * h,
          w * (0.04 + random() * 0.1),
          h * (0.04 + random() * 0.1),
          random,
          pick(),
        ),
      ),
    landscape: (w, h, random, pick) =>
      `<rect width="${w}" height="${num(h * 0.45)}" fill="#f3c969" opacity="0.55"/>` +
      wash(w * (0.2 + random() * 0.6), h * 0.22, w * 0.09, w * 0.09, random, '#e9a23b') + // sun
      repeat(4, (i) => {
        const top = h * (0.42 + i * 0.13);
        const ridge = repeat(7, (k) => ` L${num((k / 6) * w)} ${num(top + (random() - 0.5) * h * 0.12)}`);
        return `<path d="M0 ${h}${ridge} L${w} ${h}Z" fill="${pick()}" opacity="${num(0.45 + random() * 0.3)}"/>`;
      }) +
      repeat(8, () => wash(random() * w, h * (0.5 + random() * 0.5), w * 0.08, h * 0.04, random, pick())),
  },
  neon: {
    portrait: (w, h, random, pick) =>
      neonStroke(
        `M${w / 2} ${h * 0.12} C${w * 0.85} ${h * 0.12} ${w * 0.85} ${h * 0.75} ${w / 2} ${h * 0.75} C${w * 0.15} ${h * 0.75} ${w * 0.15} ${h * 0.12} ${w / 2} ${h * 0.12}`,
        pick(),
      ) +
      repeat(9, () => {
        const [x, y, r] = [random() * w, random() * h, (0.05 + random() * 0.15) * w];
        return neonStroke(
          `M${num(x - r)} ${num(y)} A${num(r)} ${num(r * 0.8)} 0 1 1 ${num(x + r)} ${num(y + r * 0.3)}`,
          pick(),
        );
      }),
    landscape: (w, h, random, pick) =>
      repeat(6, (i) =>
        neonStroke(`M0 ${num(h * (0.62 + i * 0.07))} L${w} ${num(h * (0.62 + i * 0.07))}`, pick()),
      ) +
      repeat(4, (i) => {
        const base = h * (0.25 + i * 0.09);
        const zig = repeat(
          9,
          (k) => ` L${num(((k + 1) / 9) * w)} ${num(base + (k % 2 ? -1 : 1) * random() * h * 0.1)}`,
        );
        return neonStroke(`M0 ${num(base)}${zig}`, pick());
      }),
  },
  pastel: {
    portrait: (w, h, random, pick) =>
      `<circle cx="${w / 2}" cy="${h * 0.38}" r="${w * 0.2}" fill="${pick()}"/>` +
      `<rect x="${w * 0.25}" y="${h * 0.62}" width="${w * 0.5}" height="${h * 0.38}" rx="${w * 0.08}" fill="${pick()}"/>` +
      repeat(12, () => {
        const [x, y, r] = [random() * w, random() * h, (0.03 + random() * 0.07) * w];
        return random() < 0.5
          ? `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${pick()}"/>`
          : `<rect x="${num(x)}" y="${num(y)}" width="${num(r * 2)}" height="${num(r * 3)}" rx="${num(r / 2)}" fill="${pick()}"/>`;
      }),
    landscape: (w, h, random, pick) =>
      repeat(
        5,
        (i) => `<rect y="${num((i / 5) * h)}" width="${w}" height="${num(h / 10)}" fill="${pick()}"/>`,
      ) +
      repeat(7, () => {
        const [x, base, half, peak] = [
          random() * w,
          h * (0.7 + random() * 0.3),
          (0.08 + random() * 0.12) * w,
          h * (0.2 + random() * 0.3),
        ];
        return `<path d="M${num(x - half)} ${num(base)} L${num(x)} ${num(base - peak)} L${num(x + half)} ${num(base)}Z" fill="${pick()}"/>`;
      }),
  },
};
