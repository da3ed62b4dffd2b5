/**
 * The one logger: pino, JSON lines in production (for log shippers), human-readable in development.
 * Child loggers carry `requestId`, which also travels inside job messages, so one id follows a
 * request from the API through the queue into the worker's logs. No line carries a bearer secret:
 * signed-URL signatures and sign-in codes are redacted wherever they appear (see redactUrlSecrets).
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level: string;
  pretty: boolean;
  /** Where lines go instead of stdout (tests read them). */
  destination?: DestinationStream;
}

/**
 * Query parameters whose value alone grants access: our storage links' `sig`, S3 presigned links'
 * `X-Amz-*`, and OpenID / desktop sign-in `code`, `state` and tokens. A log line is not a safe place
 * for any of them (anyone reading logs could use the link until it expires).
 */
const SECRET_QUERY_VALUE =
  /([?&](?:sig|signature|token|access_token|id_token|refresh_token|code|code_verifier|state|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&#\s"'\\]+/gi;

export const REDACTED = '[redacted]';

/** Replaces the value of every secret-bearing query parameter in `text`, keeping the rest of the URL. */
export function redactUrlSecrets(text: string): string {
  return text.replace(SECRET_QUERY_VALUE, `$1${REDACTED}`);
}

export function createLogger({ name, level, pretty: usePretty, destination }: LoggerOptions): Logger {
  const options = {
    name,
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization'],
    // On the finished line, so every field is covered (msg, err.message and stack, req.url, bindings)
    // by one regex pass, with no per-field serializers to keep in step.
    hooks: { streamWrite: redactUrlSecrets },
  };
  // A synchronous pretty stream, not a transport worker thread: simpler, and ordering is kept in tests.
  const stream = usePretty
    ? pretty({ sync: true, translateTime: 'HH:MM:ss.l', ...(destination ? { destination } : {}) })
    : destination;
  return stream ? pino(options, stream) : pino(options);
}
