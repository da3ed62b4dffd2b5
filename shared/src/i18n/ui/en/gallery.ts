// An image's page (the image, its style, artist and license, comments) and its owner's sharing controls.
// English, the source of the keys.
export const gallery = {
  title: 'Image in “{{style}}”',
};
