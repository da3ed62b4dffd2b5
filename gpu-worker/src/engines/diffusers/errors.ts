/**
 * What can go wrong in the diffusers engine, as plain sentences for the operator's logs and the job's
 * failure detail (users only ever see the job's failure code). `permanent` failures cannot be helped by
 * another attempt (a model file that is not a LoRA, parameters the model refuses): the job fails at once.
 */
export const DIFFUSERS_FAILURES = {
  invalid_json: { permanent: true, reason: 'the engine could not read the request it was sent' },
  bad_request: { permanent: true, reason: 'the engine refused the generation parameters' },
  bad_job: { permanent: true, reason: 'the engine refused the training job' },
  image_unreadable: { permanent: true, reason: 'a training image could not be decoded' },
  adapter_invalid: {
    permanent: true,
    reason: "the style's model file is not a LoRA this base model can load",
  },
  adapter_not_found: { permanent: false, reason: "the style's model file was missing on the worker's disk" },
  base_model_missing: { permanent: false, reason: 'the base model could not be loaded from BASE_MODEL_PATH' },
  out_of_memory: { permanent: false, reason: 'the GPU ran out of memory, also after freeing its caches' },
  timeout: { permanent: false, reason: 'the engine took longer than its time limit and was stopped' },
  crashed: { permanent: false, reason: 'the engine process stopped while working' },
  not_started: { permanent: false, reason: 'the engine process could not start' },
  internal: { permanent: false, reason: 'the engine failed unexpectedly' },
} as const;

export type DiffusersFailureCode = keyof typeof DIFFUSERS_FAILURES;

const isFailureCode = (code: unknown): code is DiffusersFailureCode =>
  typeof code === 'string' && Object.hasOwn(DIFFUSERS_FAILURES, code);

export class DiffusersEngineError extends Error {
  readonly permanent: boolean;

  constructor(
    readonly code: DiffusersFailureCode,
    /** What the Python side (or the supervisor) said: appended to the plain reason for operators. */
    readonly said?: string,
  ) {
    super(said ? `${DIFFUSERS_FAILURES[code].reason}: ${said}` : DIFFUSERS_FAILURES[code].reason);
    this.name = 'DiffusersEngineError';
    this.permanent = DIFFUSERS_FAILURES[code].permanent;
  }

  /** From an `{code, message}` the Python side reported; an unknown code is an internal failure. */
  static fromReport(error: unknown): DiffusersEngineError {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    const said = typeof message === 'string' ? message.slice(0, 300) : undefined;
    return isFailureCode(code)
      ? new DiffusersEngineError(code, said)
      : new DiffusersEngineError('internal', `${String(code)}: ${said ?? ''}`);
  }
}
