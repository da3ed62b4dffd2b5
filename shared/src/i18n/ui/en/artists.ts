// An artist's public page: profile, follow, styles and the public images made in them. English, the source of the keys.
export const artists = {
  title: '{{name}}',
  joined: 'Joined {{when, datetime(dateStyle: long)}}',
  styles: {
    title: 'Styles',
    empty: 'No styles on sale yet.',
  },
  images: {
    title: 'Images made in their styles',
    empty: 'No one has shared an image in these styles yet.',
  },
  notFound: {
    title: 'Artist not found',
    body: 'There is no artist at this address. The link may be mistyped, or the page was removed.',
    home: 'Go to the feed',
  },
};
