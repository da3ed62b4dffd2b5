// The home screens' strings. English, the source of the keys.
export const home = {
  title: 'Art styles, licensed',
  hero: {
    eyebrow: 'Licensed art styles',
    headline: 'Make new images in a real artist’s style — signed and licensed.',
    pitch:
      'Illustrators train their own style here from their own work. Pick a style, describe what you need, and get an image signed by the artist with a license for commercial use, so the copyright question is settled before you publish.',
    findStyles: 'Find a style',
    becomeArtist: 'Sell your style',
  },
  how: {
    title: 'How it works',
    pick: { title: 'Pick a style', body: 'Browse styles by tag and look at each artist’s samples.' },
    create: { title: 'Create an image', body: 'Choose tags, add a description and pay in tokens.' },
    own: {
      title: 'Use it freely',
      body: 'Every image carries the artist’s signature and a verifiable license.',
    },
  },
  popularTags: 'Popular tags',
  newest: 'New styles',
  popular: 'Popular styles',
  seeAll: 'See all',
  empty: 'No styles are on sale yet. Check back soon.',
};
