// The home screen: a short welcome for visitors above the community feed, its tabs and filters. English,
// the source of the keys.
export const home = {
  title: 'Art styles, licensed',
  hero: {
    eyebrow: 'Licensed art styles',
    headline: 'Make new images in a real artist’s style — signed and licensed.',
    pitch:
      'Illustrators train their own style here from their own work. Pick a style, describe what you need, and get an image signed by the artist with a license for commercial use.',
    findStyles: 'Find a style',
    becomeArtist: 'Sell your style',
  },
  feed: {
    /** The heading over the feed: the page's title when the welcome is not shown. */
    title: 'Community feed',
    tabs: {
      label: 'Which images',
      latest: 'Latest',
      following: 'Following',
    },
    tag: {
      label: 'Filter by tag',
      placeholder: 'Type a tag…',
      apply: 'Filter',
      popular: 'Popular tags',
    },
    filters: {
      label: 'Active filters',
      tag: 'Tag: {{name}}',
      style: 'Style: {{name}}',
      anyStyle: 'one style',
      artist: 'Artist: {{name}}',
      anyArtist: 'one artist',
      remove: 'Remove the filter “{{name}}”',
      clear: 'Clear filters',
    },
    empty: {
      title: 'No images have been shared yet',
      body: 'Pick a style, make an image and share it: it will be the first one here.',
      action: 'Find a style',
      filteredTitle: 'No images match these filters',
      filteredBody: 'Try another tag, or clear the filters.',
    },
    following: {
      artists: 'Artists you follow',
      signInTitle: 'New images from the artists you follow',
      signInBody: 'Sign in and follow artists you like: their new images gather here.',
      signIn: 'Sign in',
      noFollowsTitle: 'You don’t follow any artists yet',
      noFollowsBody: 'Open an artist’s page and press Follow: the images made in their styles appear here.',
      findArtists: 'Find artists by style',
      emptyTitle: 'Nothing new from the artists you follow',
      emptyBody: 'No one has shared an image in their styles yet. Check back soon.',
    },
  },
};
