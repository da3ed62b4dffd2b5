/**
 * How much request body each route may send, and how deeply its JSON may nest. Parsing is where an
 * anonymous request costs memory (2 MB of `[[[[…` is a million arrays), so JSON is measured before it is
 * parsed: over the size is 413 PAYLOAD_TOO_LARGE, deeper than any input of ours is 400 VALIDATION_FAILED.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '@style-license/shared';

/** Plain routes (the desktop token exchange, the dev pages' forms); the Stripe webhook sets its own. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** A tRPC request (a batch of calls) whose inputs are text: forms, tags, upload tokens. */
export const API_BODY_LIMIT = 256 * 1024;
/** Procedures that carry a file as base64 (2 MB of file is about 2.8 MB of JSON). */
export const FILE_BODY_LIMIT = 3 * 1024 * 1024;
/** Verification takes a larger file (VERIFY_FILE_MAX_BYTES, 8 MB: about 10.7 MB of JSON). */
export const VERIFY_BODY_LIMIT = 11 * 1024 * 1024;
const FILE_PROCEDURES: ReadonlyMap<string, number> = new Map([
  ['artists.submitApplication', FILE_BODY_LIMIT],
  ['licenses.verify', VERIFY_BODY_LIMIT],
]);
/** The largest limit of any procedure: the route's own, each request then held to its procedures'. */
export const LARGEST_BODY_LIMIT = Math.max(...FILE_PROCEDURES.values());

/** Deeper than any input schema of ours, batch envelope included, with room to spare. */
export const MAX_JSON_DEPTH = 20;

/** The limit of a tRPC request to `paths` (`a.b` or a batch `a.b,c.d`): the largest any call needs. */
export function apiBodyLimit(paths: string): number {
  return Math.max(API_BODY_LIMIT, ...paths.split(',').map((p) => FILE_PROCEDURES.get(p) ?? 0));
}

export function payloadTooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes`, {
    details: [{ rule: 'body_limit', message: `at most ${limit} bytes` }],
  });
}

/** Refuses a declared Content-Length over `limit` before a byte of the body is read. */
export function assertDeclaredLength(header: string | undefined, limit: number): void {
  if (header !== undefined && Number(header) > limit) throw payloadTooLarge(limit);
}

/** One pass over the text, counting brackets outside strings: cheap next to what parsing would build. */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        throw new AppError('VALIDATION_FAILED', `JSON nested deeper than ${max} levels`, {
          details: [{ rule: 'json_depth', message: `at most ${max} levels` }],
        });
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

/** Every JSON body in `scope`: depth checked, then Fastify's own parser (prototype-poisoning checks). */
export function registerJsonParser(scope: FastifyInstance): void {
  const parse = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    try {
      assertJsonDepth(text);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    parse(request, text, done);
  });
}
