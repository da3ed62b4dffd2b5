import { describe, expect, it } from 'vitest';
import { isDependencyOutage, isPoolExhausted, isRetryableConflict } from '../src/dependency-errors';
import { DependencyUnavailableError } from '../src/queue/outage';
import { createS3Storage } from '../src/storage/s3';
import { closedPort } from './tcp-proxy';

/** What node-postgres produces for a server ErrorResponse: a plain Error with the SQLSTATE as `code`. */
const pgError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isDependencyOutage: one rule for "down for now" versus "wrong"', () => {
  it('is true for an object store that refuses connections (real S3 client)', async () => {
    const storage = createS3Storage({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      bucket: 'style-license-down',
      region: 'us-east-1',
      accessKeyId: 'test',
      secretAccessKey: 'test-secret',
    });
    const error = await storage.get('any/key').catch((e: unknown) => e);
    storage.client.destroy();
    expect(isDependencyOutage(error)).toBe(true);
  });

  it('is true for PostgreSQL shutting down, refusing connections or a connection lost mid-statement', () => {
    expect(isDependencyOutage(pgError('57P01', 'terminating connection due to administrator command'))).toBe(
      true,
    );
    expect(isDependencyOutage(pgError('57P03', 'the database system is shutting down'))).toBe(true);
    expect(isDependencyOutage(pgError('08006', 'connection failure'))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('is true for a statement on an open connection that got no answer in time (node-postgres query_timeout)', () => {
    const drizzle = new Error('Failed query: select 1', { cause: new Error('Query read timeout') });
    expect(isDependencyOutage(drizzle)).toBe(true);
  });

  it('looks through wrappers: a cause chain (Drizzle, fetch) and AggregateError (dual-stack connect)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const drizzle = new Error('Failed query: select 1', { cause: new AggregateError([refused], '') });
    expect(isDependencyOutage(new TypeError('fetch failed', { cause: drizzle }))).toBe(true);
  });

  it('is true for an error a module throws to declare an outage', () => {
    expect(isDependencyOutage(new DependencyUnavailableError('RabbitMQ unavailable, gave up'))).toBe(true);
  });

  it('is false for errors that retrying will not fix', () => {
    expect(isDependencyOutage(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(
      false,
    );
    expect(isDependencyOutage(pgError('22003', 'integer out of range'))).toBe(false);
    expect(isDependencyOutage(pgError('42601', 'syntax error at or near "selec"'))).toBe(false);
    // A protocol violation is a client bug: the same bytes would be refused again.
    expect(isDependencyOutage(pgError('08P01', 'invalid message format'))).toBe(false);
    expect(
      isDependencyOutage(
        Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }),
      ),
    ).toBe(false);
    expect(isDependencyOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isDependencyOutage(undefined)).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });

  it('is true for an S3 error the service blames on itself (503 SlowDown, 500 InternalError)', () => {
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), {
      name: 'SlowDown',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    expect(isDependencyOutage(slowDown)).toBe(true);
  });

  it('terminates on a cause cycle', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = new Error('b', { cause: a });
    expect(isDependencyOutage(a)).toBe(false);
  });
});

describe('isRetryableConflict: a transaction that lost a race, worth running again', () => {
  it('is true for a serialization failure and a deadlock, also when wrapped (Drizzle)', () => {
    expect(isRetryableConflict(pgError('40001', 'could not serialize access due to concurrent update'))).toBe(
      true,
    );
    const deadlock = pgError('40P01', 'deadlock detected');
    expect(isRetryableConflict(new Error('Failed query: update wallets …', { cause: deadlock }))).toBe(true);
  });

  it('is not an outage (the API keeps answering it as before, not 503) and is false for other errors', () => {
    expect(isDependencyOutage(pgError('40001', 'could not serialize access'))).toBe(false);
    expect(isDependencyOutage(pgError('40P01', 'deadlock detected'))).toBe(false);
    expect(isRetryableConflict(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(
      false,
    );
    expect(isRetryableConflict(pgError('57P01', 'terminating connection'))).toBe(false);
    expect(isRetryableConflict(undefined)).toBe(false);
  });
});

describe('isPoolExhausted: every pooled connection busy, told apart from the database being down', () => {
  const exhausted = () =>
    Object.assign(
      new Error('database pool exhausted: all 10 connections busy', {
        cause: new Error('timeout exceeded when trying to connect'),
      }),
      { code: 'POOL_EXHAUSTED' },
    );

  it('is true for the pool error, also when wrapped, and then it is not an outage', () => {
    expect(isPoolExhausted(exhausted())).toBe(true);
    const wrapped = new Error('Failed query: select 1', { cause: exhausted() });
    expect(isPoolExhausted(wrapped)).toBe(true);
    expect(isDependencyOutage(wrapped)).toBe(false);
  });

  it('is false for the same timeout while connections are still being made (an unreachable database)', () => {
    const waiting = new Error('timeout exceeded when trying to connect');
    expect(isPoolExhausted(waiting)).toBe(false);
    expect(isDependencyOutage(waiting)).toBe(true);
  });
});
