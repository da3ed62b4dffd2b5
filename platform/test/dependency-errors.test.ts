import { describe, expect, it } from 'vitest';
import { isDependencyOutage } from '../src/dependency-errors';
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
