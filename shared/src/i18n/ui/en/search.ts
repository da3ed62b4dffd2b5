// The search screens' strings. English, the source of the keys.
export const search = {
  title: 'Find styles',
  intro: 'Add tags to narrow the list: a style shows when it has every tag you chose.',
  tagsLabel: 'Tags',
  tagsHint: 'Styles must have all of these tags.',
  sortLabel: 'Sort by',
  sort: { newest: 'Newest', popular: 'Most used' },
  clear: 'Clear all tags',
  popularTags: 'Popular tags',
  results: 'Results',
  empty: {
    title: 'No style has all of these tags',
    body: 'Remove a tag, or try a popular one.',
    none: 'No styles are on sale yet.',
  },
  end: 'That’s every matching style.',
  loadingMore: 'Loading more styles…',
};
