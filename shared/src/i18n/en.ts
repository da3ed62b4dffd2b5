export const en = {
  app: { name: 'Style License', tagline: 'License an art style. Every image signed and licensed.' },
  errors: {
    UNAUTHORIZED: 'Please sign in.',
    FORBIDDEN: 'You are not allowed to do that.',
    NOT_FOUND: 'Not found.',
    LICENSE_REQUIRED: 'Only the license holder can download this file.',
    INSUFFICIENT_CREDITS: 'Not enough tokens.',
    VALIDATION_FAILED: 'Some input is not valid.',
    RATE_LIMITED: 'Too many requests. Try again shortly.',
    CONFLICT: 'This conflicts with an earlier request.',
    MODEL_TRAINING_FAILED: 'Training the style failed.',
    IMAGE_GENERATION_FAILED: 'Generating the image failed.',
    INTERNAL: 'Something went wrong on our side.',
  },
};

/** Every locale must have exactly these keys; the type makes a missing Korean string a compile error. */
export type Resources = typeof en;
