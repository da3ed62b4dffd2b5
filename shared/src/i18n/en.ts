export const en = {
  app: { name: 'Style License', tagline: 'License an art style. Every image signed and licensed.' },
  errors: {
    UNAUTHORIZED: 'Please sign in.',
    FORBIDDEN: 'You are not allowed to do that.',
    NOT_FOUND: 'Not found.',
    LICENSE_REQUIRED: 'Only the license holder can download this file.',
    INSUFFICIENT_CREDITS: 'Not enough tokens.',
    VALIDATION_FAILED: 'Some input is not valid.',
    PAYLOAD_TOO_LARGE: 'That is too large to send.',
    RATE_LIMITED: 'Too many requests. Try again shortly.',
    CONFLICT: 'This conflicts with an earlier request.',
    MODEL_TRAINING_FAILED: 'Training the style failed.',
    IMAGE_GENERATION_FAILED: 'Generating the image failed.',
    INTERNAL: 'Something went wrong on our side.',
    UNAVAILABLE: 'The service is briefly unavailable. Try again in a moment.',
  },
  /** Why a job ended without a result ({{duration}}: the limit that passed, e.g. "2 minutes 30 seconds"). */
  jobFailures: {
    generation: {
      invalid_request: 'The request could not be processed; your tokens were refunded.',
      processing_failed: 'The image could not be generated; your tokens were refunded.',
      expired: 'No result within {{duration}}; your tokens were refunded.',
      stalled: 'Generation stopped responding; your tokens were refunded.',
      not_started: 'No worker was free in time; your tokens were refunded.',
    },
    training: {
      invalid_request: 'The training job could not be processed. Please submit the style again.',
      processing_failed: 'Training did not succeed. Please submit the style again.',
      expired: 'Training took too long. Please submit the style again.',
      stalled: 'The training worker stopped responding for {{duration}}. Please submit the style again.',
      not_started: 'No training worker took the job within {{duration}}. Please submit the style again.',
    },
  },
};

/** Every locale must have exactly these keys; the type makes a missing Korean string a compile error. */
export type Resources = typeof en;
