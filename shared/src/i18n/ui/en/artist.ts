// The artist screens' strings. English, the source of the keys.
export const artist = {
  apply: {
    title: 'Become an artist',
    intro:
      'Sell your art style: train it from your own images, set a price, and earn tokens from every image made in it. Every image carries your signature.',
    submit: 'Become an artist',
    done: 'You are an artist now. Create your first style.',
    terms: 'By applying you confirm that the signature and the images you will upload are your own work.',
  },
  form: {
    displayName: 'Artist name',
    displayNameHint: 'Shown on your styles and written into every licensed image.',
    contactEmail: 'Contact email',
    contactEmailHint: 'Where buyers and the platform can reach you. It stays private.',
    emailInvalid: 'Enter a valid email address.',
    signature: 'Signature',
    signatureHint: 'A PNG or JPG of up to 2 MB. A PNG on a transparent background looks best.',
    signatureMissing: 'Choose your signature image.',
    chooseFile: 'Choose file',
    noFile: 'No file chosen',
  },
  signatureRules: {
    format: 'The signature must be a PNG or JPG image.',
    max_size: 'The signature file must be at most 2 MB.',
    max_pixels: 'The signature image is too large: at most 40 million pixels.',
  },
  preview: {
    title: 'How your signature will look',
    background: 'Sample background',
    light: 'Light',
    dark: 'Dark',
    alt: 'A sample picture with your signature stamped in the bottom-right corner',
    empty: 'Choose a signature to see it stamped on a sample picture.',
    blank: 'This image looks empty: there is nothing to stamp.',
    unreadable: 'This image could not be read. Choose a PNG or JPG file.',
    rules:
      'Every image is signed the same way: bottom-right corner, {{width}}% of the image width, {{opacity}}% opacity, with a thin outline.',
    outline: {
      white: 'Your ink is dark, so it gets a white outline to stay visible on dark pictures.',
      black: 'Your ink is light, so it gets a black outline to stay visible on light pictures.',
    },
  },
  replace: {
    title: 'Your signature',
    intro: 'Every image made in your styles is stamped with this signature.',
    current: 'Current signature',
    currentAlt: 'Your current signature',
    newSignature: 'New signature',
    note: 'Images made before the change keep the signature they were made with.',
    submit: 'Replace signature',
    done: 'Your signature was replaced.',
  },
};
