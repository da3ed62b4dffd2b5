/**
 * What the demo seed makes: three made-up artists, each with one style in a look of its own (the three
 * looks of the worker's synthetic artworks, gpu-worker/src/testing/artworks.ts), and what a demo buyer
 * buys in each. Every name, key and tag here is fixed, because the seed finds what an earlier start made
 * by them: the users by `googleSub`, the styles by name, the images by file name, the generations by
 * idempotency key. Tags come from the demo vocabulary (db/src/seed.ts, DEMO_TAGS).
 */

/** The looks gpu-worker's `makeArtwork` draws; run-product.ts passes it in as `DemoArtworks`. */
export type DemoLook = 'ember' | 'neon' | 'pastel';

/** Draws training image `index` of a look as a square PNG of `size` pixels. */
export type DemoArtworks = (look: DemoLook, index: number, size: number) => Promise<Buffer>;

export interface DemoArtist {
  /** Stable part of every key the seed derives: `demo-artist:<slug>`, `demo-<slug>-<n>`. */
  slug: string;
  displayName: string;
  contactEmail: string;
  bio: string;
  look: DemoLook;
  /** Each training image gets its subject tag (portrait or landscape, as the artwork draws it) and this. */
  mediumTag: string;
  style: { name: string; description: string; tags: string[]; priceTokens: number };
  /**
   * What the demo buyer asks for, one generation each (the first `generationsPerStyle` of them), and the
   * description it is published to the feed with.
   */
  prompts: { tags: string[]; text: string; description: string }[];
  /** What this artist says under the demo buyer's images in the other artists' styles. */
  comment: string;
}

/** The identity of the demo buyer the seed buys generations as (db/src/seed.ts creates it). */
export const DEMO_BUYER = {
  googleSub: 'demo-buyer',
  email: 'buyer@demo.local',
  displayName: 'Demo Buyer',
} as const;

export const DEMO_ARTISTS: readonly DemoArtist[] = [
  {
    slug: 'hana-seo',
    displayName: 'Hana Seo',
    contactEmail: 'hana.seo@demo.local',
    bio: 'Warm watercolour washes on grainy paper: faces and hills in late afternoon light. (Demo artist.)',
    look: 'ember',
    mediumTag: 'watercolor',
    style: {
      name: 'Ember Wash',
      description: 'Soft-edged watercolour in warm ochres and reds, with paper grain showing through.',
      tags: ['watercolor', 'portrait', 'landscape', '수채화', '풍경'],
      priceTokens: 8,
    },
    prompts: [
      {
        tags: ['portrait', 'watercolor'],
        text: 'a quiet afternoon portrait',
        description: 'My grandmother’s kitchen window, the way I remember it.',
      },
      {
        tags: ['landscape', 'watercolor'],
        text: 'hills at sunset',
        description: 'The walk home, every evening last summer.',
      },
      { tags: ['landscape'], text: 'a field after rain', description: 'Everything smelled of wet grass.' },
    ],
    comment: 'Lovely colours — the glow works so well here.',
  },
  {
    slug: 'leo-marsh',
    displayName: 'Leo Marsh',
    contactEmail: 'leo.marsh@demo.local',
    bio: 'Glowing lines on a night-blue ground, drawn like neon tubes. (Demo artist.)',
    look: 'neon',
    mediumTag: 'neon',
    style: {
      name: 'Night Signal',
      description:
        'Bright neon strokes with a soft glow on a dark ground: faces and skylines after midnight.',
      tags: ['neon', 'ink', 'character', 'portrait'],
      priceTokens: 12,
    },
    prompts: [
      {
        tags: ['portrait', 'neon'],
        text: 'a face in the city lights',
        description: 'Cover art for our band’s first single.',
      },
      {
        tags: ['landscape', 'neon'],
        text: 'a skyline after midnight',
        description: 'The view from the night bus.',
      },
      { tags: ['character'], text: 'a dancer in motion', description: 'Poster for a friend’s dance show.' },
    ],
    comment: 'Love how calm this one turned out.',
  },
  {
    slug: 'ines-okafor',
    displayName: 'Ines Okafor',
    contactEmail: 'ines.okafor@demo.local',
    bio: 'Flat pastel shapes, rounded and calm: characters and landscapes built from circles. (Demo artist.)',
    look: 'pastel',
    mediumTag: 'pastel',
    style: {
      name: 'Soft Geometry',
      description: 'Flat pastel circles, stripes and peaks: calm, friendly compositions for any subject.',
      tags: ['pastel', 'flat', 'landscape', 'character'],
      priceTokens: 6,
    },
    prompts: [
      {
        tags: ['landscape', 'pastel'],
        text: 'mountains in spring',
        description: 'A birthday card for my sister, who climbs.',
      },
      {
        tags: ['character', 'flat'],
        text: 'a friendly character',
        description: 'Mascot sketch for the reading club.',
      },
      { tags: ['portrait'], text: 'a calm portrait', description: 'Something quiet for the bedroom wall.' },
    ],
    comment: 'This made my day. Great choice of subject!',
  },
];

/** The subject `makeArtwork` draws at `index`: even indices are portraits, odd ones landscapes. */
export const subjectAt = (index: number) => (index % 2 === 0 ? 'portrait' : 'landscape');

export const demoArtistSub = (artist: DemoArtist) => `demo-artist:${artist.slug}`;
export const demoImageName = (artist: DemoArtist, index: number) =>
  `${artist.slug}-${String(index + 1).padStart(2, '0')}-${subjectAt(index)}.png`;
export const demoGenerationKey = (artist: DemoArtist, n: number) => `demo-${artist.slug}-${n + 1}`;
/** Fixed seeds, so a replayed purchase is the same request (the service compares it) and the same image. */
export const demoGenerationSeed = (n: number) => 1000 + n * 7919;
