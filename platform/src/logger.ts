/**
 * The one logger: pino, JSON lines in production (for log shippers), human-readable in development.
 * Child loggers carry `requestId`, which also travels inside job messages, so one id follows a
 * request from the API through the queue into the worker's logs. No line carries a bearer secret:
 * signed-URL signatures, sign-in codes and URL passwords are redacted wherever they appear, nested
 * URLs included (see redactUrlSecrets).
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

/** Query parameters whose value alone grants access (anyone reading logs could use the link). */
const SECRET_NAMES =
  'sig|signature|token|access_token|id_token|refresh_token|code|code_verifier|state|' +
  'x-amz-signature|x-amz-credential|x-amz-security-token';

/**
 * Our storage links' `sig`, S3 presigned links' `X-Amz-*`, OpenID / desktop sign-in `code`, `state` and
 * tokens, wherever they appear: in a URL (`?sig=…`, the value runs to the next `&`, `#` or the end), or in
 * a URL percent-encoded once or more inside another one's parameter (`redirect_uri=…%3Fcode%3D…%26…`,
 * the value runs to the next encoded `&` or `#`, `%26` / `%2526`). Each alternative is linear: no nested
 * ambiguity, so a long line costs one pass.
 */
const SECRET_QUERY_VALUE = new RegExp(
  `([?&](?:${SECRET_NAMES})=)[^&#\\s"'\\\\]+` +
    `|((?:%(?:25)*3F|%(?:25)*26)(?:${SECRET_NAMES})%(?:25)*3D)(?:[^&#\\s"'\\\\%]|%(?!(?:25)*2[36])[0-9a-f]{2})+`,
  'gi',
);

/**
 * The password of a URL's user info (`postgres://app:secret@db`, `amqp://guest:guest@broker`), as a
 * connection error or a configuration dump would print it. Starts only where a scheme can start (the
 * lookbehind), so a long run of letters is scanned once, not once per letter.
 */
// The password runs to the user info's last `@` (a password may contain `@`, as URL parsers read it).
const URL_PASSWORD = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"'\\]*:)[^\s/?#"'\\]+@/gi;

export const REDACTED = '[redacted]';

/**
 * Replaces the value of every secret-bearing query parameter and every URL password in `text`, keeping
 * the rest readable.
 */
export function redactUrlSecrets(text: string): string {
  return text
    .replace(SECRET_QUERY_VALUE, (_, plain?: string, encoded?: string) => `${plain ?? encoded}${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
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
