/**
 * The two platform calls the upload queue needs, behind an interface (tests and the app pass their own),
 * and the real one: tRPC v11 over HTTP with the desktop session as a Bearer token (no cookie, so the
 * server's CSRF header rule does not apply). Every failure is a PublishApiError that says whether trying
 * again can help; the answers are checked with zod, so a wrong server cannot put garbage in the queue.
 */
import { z } from 'zod';
import { isErrorCode, type ErrorCode } from '@style-license/shared';

export interface RequestUploadsInput {
  styleId: string;
  files: { fileName: string; byteSize: number; sha256: string }[];
}
export interface RequestUploadsOutput {
  uploads: { fileName: string; url: string; uploadToken: string }[];
  expiresAt: string;
}
export interface ConfirmUploadsInput {
  styleId: string;
  uploads: { uploadToken: string; tags: string[] }[];
}
export type ConfirmResult =
  | { fileName: string; status: 'accepted'; imageId: string; warning?: string }
  | { fileName: string; status: 'rejected'; error: { code: string; rule: string; message: string } };

export interface PublishApi {
  requestUploads(input: RequestUploadsInput, signal?: AbortSignal): Promise<RequestUploadsOutput>;
  confirmUploads(input: ConfirmUploadsInput, signal?: AbortSignal): Promise<{ results: ConfirmResult[] }>;
}

/**
 * A call or PUT that failed. `code` is the platform's error code (null when no answer came: network);
 * `retryable` is true for what waiting can fix (network, 5xx, 429); `rule` is the detail's rule, if any.
 */
export class PublishApiError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode | null,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly rule: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'PublishApiError';
  }
}

/** Retrying helps when no answer came, the service is overloaded or broken for now, or it said wait. */
export const isRetryableStatus = (status: number) => status >= 500 || status === 429 || status === 408;

/** A fetch that threw: aborted by us (never retried) or a network failure (retried). */
export function networkError(error: unknown, what: string): PublishApiError {
  const aborted = error instanceof Error && error.name === 'AbortError';
  return new PublishApiError(
    `${what}: ${aborted ? 'aborted' : String((error as Error)?.message ?? error)}`,
    null,
    null,
    !aborted,
    aborted ? 'aborted' : null,
  );
}

const errorShape = z.object({
  error: z.object({
    message: z.string(),
    data: z
      .object({
        code: z.string().optional(),
        httpStatus: z.number().optional(),
        details: z.array(z.object({ rule: z.string().optional() }).loose()).optional(),
        retryAfter: z.number().optional(),
      })
      .loose()
      .optional(),
  }),
});

const requestUploadsOutput = z.object({
  uploads: z.array(z.object({ fileName: z.string(), url: z.url(), uploadToken: z.string().min(1) })),
  expiresAt: z.iso.datetime({ offset: true }),
});
const confirmUploadsOutput = z.object({
  results: z.array(
    z.discriminatedUnion('status', [
      z.object({
        fileName: z.string(),
        status: z.literal('accepted'),
        imageId: z.string(),
        warning: z.string().optional(),
      }),
      z.object({
        fileName: z.string(),
        status: z.literal('rejected'),
        error: z.object({ code: z.string(), rule: z.string(), message: z.string() }),
      }),
    ]),
  ),
});

export interface HttpPublishApiOptions {
  /** The platform's public URL, e.g. https://style-license.example (its /trpc is the API). */
  baseUrl: string;
  /** The desktop session token (from the system-browser sign-in); read on every call, so it may change. */
  token: () => string | Promise<string>;
  fetch?: typeof fetch;
}

export function createHttpPublishApi(options: HttpPublishApiOptions): PublishApi {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function mutate<T>(path: string, input: unknown, output: z.ZodType<T>, signal?: AbortSignal) {
    let res: Response;
    try {
      res = await doFetch(`${base}/trpc/${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await options.token()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
        signal,
      });
    } catch (error) {
      throw networkError(error, path);
    }
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // A proxy's HTML error page: judged by its status alone below.
    }
    if (res.ok) {
      const data = (body as { result?: { data?: unknown } } | null)?.result?.data;
      const parsed = output.safeParse(data);
      if (parsed.success) return parsed.data;
      throw new PublishApiError(`${path}: unexpected answer`, 'INTERNAL', res.status, false);
    }
    const shaped = errorShape.safeParse(body);
    const data = shaped.success ? shaped.data.error.data : undefined;
    const code = data?.code && isErrorCode(data.code) ? data.code : null;
    const retryAfter = Number(res.headers.get('retry-after') ?? data?.retryAfter ?? NaN);
    throw new PublishApiError(
      `${path}: ${shaped.success ? shaped.data.error.message : `HTTP ${res.status}`}`,
      code,
      res.status,
      isRetryableStatus(res.status),
      data?.details?.[0]?.rule ?? null,
      Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
    );
  }

  return {
    requestUploads: (input, signal) => mutate('training.requestUploads', input, requestUploadsOutput, signal),
    confirmUploads: (input, signal) => mutate('training.confirmUploads', input, confirmUploadsOutput, signal),
  };
}
