/**
 * Opaque cursors for keyset pages whose keys are not one row id: the last row's keys as base64url JSON.
 * Opaque to clients but never trusted: anything that does not decode to what `schema` describes is
 * VALIDATION_FAILED (rule `invalid_cursor`), never a database error. Timestamps travel at PostgreSQL's
 * full precision (microseconds), since a cursor rounded to milliseconds would skip rows.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@style-license/shared';

const TIMESTAMP_US = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A timestamptz as `microsecondsOf` writes it, and a real instant PostgreSQL can cast: no 30 February, and
 * no year 0000 (JavaScript reads it as 1 BC; PostgreSQL has no year 0 and would fail the query).
 */
export const microsecondTimestampSchema = z
  .string()
  .regex(TIMESTAMP_US)
  .refine((c) => !c.startsWith('0000-'))
  .refine((c) => {
    const date = new Date(c);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 23) === c.slice(0, 23);
  });

/** A timestamptz column in UTC with microseconds, for a cursor (`::timestamptz` reads it back exactly). */
export function microsecondsOf(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(keys: object): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

export function invalidCursor(message = 'The cursor is not valid'): AppError {
  return new AppError('VALIDATION_FAILED', message, {
    details: [{ path: 'cursor', rule: 'invalid_cursor', message }],
  });
}

export function decodeCursor<T extends z.ZodType>(text: string, schema: T): z.infer<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw invalidCursor();
  return result.data;
}
