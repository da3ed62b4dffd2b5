// The English strings every client needs whatever screen it shows: API errors and refusals, job failures,
// and the license terms. Apart from the screens' strings (ui/en/), so a client can load those per screen.
/** What the API's errors and results need in words, and the license terms: every client's base. */
export const enBase = {
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
  /** Why a name was refused, by the `rule` of the error detail (shared/src/names.ts). {{max}}: a length. */
  names: {
    empty: 'A name cannot be empty.',
    too_long: 'A name has at most {{max}} characters.',
    control_characters: 'A name cannot contain control characters such as line breaks.',
    bidi_controls: 'A name cannot contain text-direction controls.',
    invisible_characters: 'A name cannot contain invisible characters.',
    noncharacters: 'A name cannot contain Unicode noncharacters.',
    markup: 'A name cannot contain < or >.',
    contains_url: 'A name cannot contain a web or email address.',
    contains_id: 'A name cannot contain an id.',
    name_taken: 'Another artist already has this name, or one that looks the same.',
  },
  /** Why a tag was refused, by the `rule` of the error detail (shared/src/schemas/tag-fold.ts). */
  tagRules: {
    bidi_controls: 'A tag cannot contain text-direction controls.',
    invisible_characters: 'A tag cannot contain invisible characters such as zero-width spaces.',
    unassigned_characters: 'A tag cannot contain unassigned or private-use characters.',
  },
  /**
   * Why a signature was refused: `not_empty`, or `not_visible` with the reason in the detail's `value`
   * (server/src/domains/artists/signature-visibility.ts). {{min}}: a size in pixels.
   */
  signatureRules: {
    not_empty: 'The signature image is empty.',
    not_visible: {
      too_small: 'The signature must be at least {{min}}×{{min}} pixels once its empty border is trimmed.',
      too_faint:
        'Too little of the signature is solid enough to show when stamped: use opaque, thicker strokes.',
      low_contrast:
        'The strokes do not stand out from their background enough to show when stamped: use darker ink on a light or transparent background.',
    },
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
  /**
   * License terms by version, written into each bought file and shown on its license page. A version is
   * frozen once a license is issued under it: new wording is a new version (v3), never an edit here.
   * {{licenseId}}, {{licenseeId}}: ids; {{licenseeName}}: the name at issue, already quoted;
   * {{model}}: `models.<engine>` of the style version the image was made with.
   */
  licenseTerms: {
    v2: {
      text:
        'Style License {{licenseId}}, terms v2. Licensee: user {{licenseeId}}, named {{licenseeName}} when ' +
        'the license was issued. The licensee may use, copy, modify, publish and sell this image, including ' +
        'for commercial purposes. The license is personal and not transferable: the licensee may sell or ' +
        'give away copies of the image and of works made with it, but not this license. The artist’s ' +
        'signature must stay visible: it must not be removed, cropped out or obscured in the image or in ' +
        'any copy or modification of it. This image was generated by an AI model: {{model}}. The style ' +
        'itself is not licensed, and this image may not be used to train other models. Verification ' +
        'matches only the unmodified file; a modified copy is still covered by this license, by its id.',
      models: {
        quilt:
          'the Style License quilt engine, a patch-based texture-synthesis model trained only on the ' +
          'artist’s own images, with no third-party base model',
        'diffusers-lora':
          'a LoRA adapter trained on the artist’s images, applied to a Stable Diffusion base model; the ' +
          'image is also subject to that base model’s license, CreativeML OpenRAIL-M (Stable Diffusion ' +
          '1.x) or CreativeML OpenRAIL++-M (Stable Diffusion 2.x and XL), including its use restrictions',
      },
    },
  },
};
