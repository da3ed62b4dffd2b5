// The community's shared pieces (the image card, the feed grid, like and follow buttons), on the home
// feed, an artist's page and an image's page. English, the source of the keys.
export const feed = {
  like: {
    like: 'Like',
    unlike: 'Unlike',
    count_one: '{{count, number}} like',
    count_other: '{{count, number}} likes',
    signIn: 'Sign in to like',
  },
  follow: {
    follow: 'Follow',
    following: 'Following',
    unfollow: 'Unfollow {{name}}',
    followName: 'Follow {{name}}',
    followers_one: '{{count, number}} follower',
    followers_other: '{{count, number}} followers',
    signIn: 'Sign in to follow',
  },
  card: {
    imageAlt: 'An image in the style {{style}}, made by {{owner}}',
    artist: 'by {{name}}',
    owner: 'Shared by {{name}}',
    comments_one: '{{count, number}} comment',
    comments_other: '{{count, number}} comments',
  },
  grid: {
    inFeed: 'Open in the feed',
    label: 'Images',
    loadingMore: 'Loading more images…',
    end: 'That’s every image.',
  },
};
