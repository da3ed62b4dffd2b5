/**
 * The one logger: pino, JSON lines in production (for log shippers), human-readable in development.
 * Child loggers carry `requestId`, which also travels inside job messages, so one id follows a
 * request from the API through the queue into the worker's logs.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level: string;
  pretty: boolean;
}

export function createLogger({ name, level, pretty: usePretty }: LoggerOptions): Logger {
  const options = { name, level, redact: ['req.headers.cookie', 'req.headers.authorization'] };
  // A synchronous pretty stream, not a transport worker thread: simpler, and ordering is kept in tests.
  return usePretty ? pino(options, pretty({ sync: true, translateTime: 'HH:MM:ss.l' })) : pino(options);
}
