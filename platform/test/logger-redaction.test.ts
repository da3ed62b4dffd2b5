import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrlSecrets } from '../src/logger';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ name: 'probe', level: 'info', pretty: false, destination }), lines };
}

const S3_LINK =
  'https://s3.example.test/bucket/styles/s1/samples/0.png?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z' +
  '&X-Amz-Expires=600&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE&X-Amz-Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f0' +
  '&X-Amz-SignedHeaders=host';
const LOCAL_LINK =
  'http://127.0.0.1:3000/files/styles/s1/model.safetensors?m=GET&exp=1796160000&sig=9a8b7c6d5e4f';
const CALLBACK = '/auth/callback?code=one-time-code-123&state=state-secret-456&iss=http%3A%2F%2Fidp';
const SECRETS = [
  'AKIAEXAMPLE',
  'FQoGZXIvYXdzEXAMPLE',
  '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  '9a8b7c6d5e4f',
  'one-time-code-123',
  'state-secret-456',
  'pw-secret-789',
];

describe('log redaction of bearer links', () => {
  it('removes signatures, credentials and sign-in codes from a URL and keeps the rest readable', () => {
    expect(redactUrlSecrets(LOCAL_LINK)).toBe(
      'http://127.0.0.1:3000/files/styles/s1/model.safetensors?m=GET&exp=1796160000&sig=[redacted]',
    );
    expect(redactUrlSecrets(CALLBACK)).toBe(
      '/auth/callback?code=[redacted]&state=[redacted]&iss=http%3A%2F%2Fidp',
    );
    const s3 = redactUrlSecrets(S3_LINK);
    for (const secret of SECRETS) expect(s3).not.toContain(secret);
    expect(s3).toContain('X-Amz-Expires=600');
    expect(s3).toContain('X-Amz-Signature=[redacted]');
  });

  it('redacts secrets inside a URL percent-encoded into another URL, once or twice, and keeps the rest', () => {
    const signIn =
      '/auth/signin?redirect_uri=https%3A%2F%2Fx%2Fcb%3Fcode%3DSECRET-CODE%26state%3DSECRET-STATE%26iss%3Didp';
    expect(redactUrlSecrets(signIn)).toBe(
      '/auth/signin?redirect_uri=https%3A%2F%2Fx%2Fcb%3Fcode%3D[redacted]%26state%3D[redacted]%26iss%3Didp',
    );
    const next =
      '/studio?next=https%3A%2F%2Fs3%2Fb%2Fk.png%3FX-Amz-Expires%3D600%26X-Amz-Signature%3Dfeedface01%26X-Amz-SignedHeaders%3Dhost&tab=2';
    expect(redactUrlSecrets(next)).toBe(
      '/studio?next=https%3A%2F%2Fs3%2Fb%2Fk.png%3FX-Amz-Expires%3D600%26X-Amz-Signature%3D[redacted]%26X-Amz-SignedHeaders%3Dhost&tab=2',
    );
    const twice =
      '/a?u=https%3A%2F%2Fy%2F%3Fr%3Dhttps%253A%252F%252Fz%253Fsig%253DDOUBLE%2526m%253DGET%26k%3D1';
    expect(redactUrlSecrets(twice)).toBe(
      '/a?u=https%3A%2F%2Fy%2F%3Fr%3Dhttps%253A%252F%252Fz%253Fsig%253D[redacted]%2526m%253DGET%26k%3D1',
    );
  });

  it('redacts the password of a connection URL in any text, keeping user and host', () => {
    expect(redactUrlSecrets('connect failed: postgres://app:s3cr%40t@db.internal:5432/app')).toBe(
      'connect failed: postgres://app:[redacted]@db.internal:5432/app',
    );
    expect(redactUrlSecrets('{"url":"amqp://guest:guest@127.0.0.1:5672/"}')).toBe(
      '{"url":"amqp://guest:[redacted]@127.0.0.1:5672/"}',
    );
    // A password with a raw `@` (URL parsers split at the last one) is redacted whole.
    expect(redactUrlSecrets('postgres://app:p@ss@db:5432/app')).toBe('postgres://app:[redacted]@db:5432/app');
    const withoutPassword = 'postgres://app@db:5432/app, https://example.test:8443/p@q and 12:30:45@noon';
    expect(redactUrlSecrets(withoutPassword)).toBe(withoutPassword);
  });

  it('stays one quick pass on a long line (no backtracking blow-up)', () => {
    const long = `${'a'.repeat(200_000)}:${'%3Fcode%3D'.repeat(20_000)}${'x'.repeat(200_000)}`;
    const started = performance.now();
    redactUrlSecrets(long);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('leaves text without secret-bearing query parameters alone', () => {
    const plain =
      'job failed: {"code":"VALIDATION_FAILED","state":"queued"} at /trpc/styles.get?input=%7B%7D&errorCode=3';
    expect(redactUrlSecrets(plain)).toBe(plain);
  });

  it('no signature or code reaches a log line, whichever field carries it (msg, bindings, error message and stack)', () => {
    const { log, lines } = capturingLogger();
    log.warn({ err: new Error('connect ECONNREFUSED postgres://app:pw-secret-789@db:5432/app') }, 'db down');
    log.child({ url: CALLBACK }).info({ req: { method: 'GET', url: LOCAL_LINK } }, `uploading to ${S3_LINK}`);
    log.error({ err: new Error(`PUT ${S3_LINK} failed: 403`) }, 'storage request failed');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      for (const secret of SECRETS) expect(line).not.toContain(secret);
      expect(() => JSON.parse(line)).not.toThrow();
    }
    const failure = JSON.parse(lines[2]!) as { err: { message: string; stack: string } };
    expect(failure.err.message).toContain('X-Amz-Signature=[redacted]');
    expect(failure.err.stack).toContain('X-Amz-Signature=[redacted]');
  });
});
