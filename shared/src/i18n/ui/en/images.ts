// The images screens' strings: the buyer's own generated images. English, the source of the keys.
export const images = {
  title: 'My images',
  intro: 'Every image you bought, signed by its artist and licensed to you.',
  empty: {
    title: 'No images yet',
    body: 'Find a style you like and create your first image in it.',
    action: 'Find styles',
  },
  item: {
    inStyle: 'In “{{style}}”',
    created: '{{when, datetime(dateStyle: medium; timeStyle: short)}}',
    alt: 'Your image in “{{style}}”',
    altGeneric: 'Your generated image',
    license: 'License',
    cost_one: '{{count, number}} token',
    cost_other: '{{count, number}} tokens',
    queued: 'Waiting for a worker…',
    running: 'Generating…',
    failed: 'Not generated',
    refunded_one: '{{count, number}} token refunded',
    refunded_other: '{{count, number}} tokens refunded',
    failedGeneric: 'The image could not be generated; your tokens were refunded.',
  },
  updating: 'Images in progress update on their own.',
};
