/**
 * Requests Node's HTTP parser refuses before Fastify sees them (the request line and headers over
 * Node's 16 KiB limit, bytes that are not HTTP, a request not received within Node's timeouts),
 * answered in our error body like any other error: a code of shared's ERROR_CODES with its status, a
 * message, and a request id, also sent as `x-request-id` and logged with the refusal. Fastify's
 * `clientErrorHandler` (or a server's 'clientError' event): the answer is written to the socket as is,
 * then the connection is closed.
 *
 * There is no request to route: its URL is not known (the parser may have seen only part of it), so the
 * answer is the plain error body even for a URL under /trpc, never the tRPC shape.
 */
import { STATUS_CODES, maxHeaderSize, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_STATUS, type ErrorBody } from '@style-license/shared';

interface ClientError extends Error {
  /** llhttp's `HPE_…`, or Node's `ERR_HTTP_REQUEST_TIMEOUT`, `ECONNRESET`… */
  code?: string;
}

/** The least a log line needs; the refused bytes (the error's `rawPacket`) may hold credentials. */
interface InfoLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

function refusalOf(error: ClientError): Omit<ErrorBody, 'httpStatus' | 'requestId'> {
  switch (error.code) {
    // Node's 431. No code of ours is 431, and each code stands for one status (shared/src/errors.ts),
    // so the answer is 413 PAYLOAD_TOO_LARGE, "a body, URL or upload over the size a route accepts":
    // what crosses Node's limit in practice is a URL (a query's `?input=`), and Fastify's 414 for an
    // over-long path is already PAYLOAD_TOO_LARGE (error-replies.ts). Clients branch on the code; the
    // rule tells this limit from a body's. VALIDATION_FAILED would tell the caller to fix a field.
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request URL and headers are too large',
        details: [{ rule: 'header_limit', message: `at most ${maxHeaderSize} bytes`, value: maxHeaderSize }],
      };
    // Node's 413: a chunked body's chunk extensions over its limit.
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The chunk extensions of the request body are too large',
        details: [{ rule: 'chunk_extensions', message: 'chunk extensions over the limit' }],
      };
    // Node's 408 (headersTimeout, requestTimeout): the client was too slow to send its request. Not a
    // dependency outage (UNAVAILABLE) nor too many calls (RATE_LIMITED): a 4xx of the client's making,
    // which is VALIDATION_FAILED (400), as Fastify's other 4xx are (error-replies.ts), with a rule saying which.
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        code: 'VALIDATION_FAILED',
        message: 'The request was not received in time',
        details: [{ rule: 'request_timeout', message: 'the request was not received in time' }],
      };
    // Node's 400: not HTTP (a bad method, header, chunk or content length).
    default:
      return {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid HTTP',
        details: [{ rule: 'http_syntax', message: 'the request is not valid HTTP' }],
      };
  }
}

/** The raw HTTP/1.1 answer: our body, its status, `connection: close` (the socket is closed after it). */
export function clientErrorResponse(error: ClientError, requestId: string): { status: number; text: string } {
  const { code, message, details } = refusalOf(error);
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ code, httpStatus: status, message, details, requestId } satisfies ErrorBody);
  const text = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    'cache-control: no-store',
    'connection: close',
    '',
    body,
  ].join('\r\n');
  return { status, text };
}

/**
 * The handler for Fastify's `clientErrorHandler` option. `newRequestId` makes an id as Fastify's
 * `genReqId` does for a request with no id of its own: the refused request's headers were never parsed.
 * Logged at info, as any refused request is: the client's doing, not the server's.
 */
export function clientErrorHandler(log: InfoLogger, newRequestId: () => string) {
  return (error: ClientError, socket: Socket): void => {
    // A connection reset: the client is gone, and so is anything to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) {
      socket.destroy();
      return;
    }
    const requestId = newRequestId();
    const answer = clientErrorResponse(error, requestId);
    // As Node does: with a response of this connection already under way (keep-alive), bytes of ours
    // would corrupt it; and a socket that is not writable (half closed) cannot carry them.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    const answered = socket.writable && !inFlight?.headersSent;
    log.info(
      { requestId, reason: error.code, statusCode: answer.status, answered },
      'request refused by the HTTP parser',
    );
    if (answered) socket.write(answer.text);
    socket.destroy(error);
  };
}
