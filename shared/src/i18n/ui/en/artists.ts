// An artist's public page: profile, follow, styles and the public images made in them. English, the source of the keys.
export const artists = {
  title: '{{name}}',
};
