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

  it('leaves text without secret-bearing query parameters alone', () => {
    const plain =
      'job failed: {"code":"VALIDATION_FAILED","state":"queued"} at /trpc/styles.get?input=%7B%7D&errorCode=3';
    expect(redactUrlSecrets(plain)).toBe(plain);
  });

  it('no signature or code reaches a log line, whichever field carries it (msg, bindings, error message and stack)', () => {
    const { log, lines } = capturingLogger();
    log.child({ url: CALLBACK }).info({ req: { method: 'GET', url: LOCAL_LINK } }, `uploading to ${S3_LINK}`);
    log.error({ err: new Error(`PUT ${S3_LINK} failed: 403`) }, 'storage request failed');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      for (const secret of SECRETS) expect(line).not.toContain(secret);
      expect(() => JSON.parse(line)).not.toThrow();
    }
    const failure = JSON.parse(lines[1]!) as { err: { message: string; stack: string } };
    expect(failure.err.message).toContain('X-Amz-Signature=[redacted]');
    expect(failure.err.stack).toContain('X-Amz-Signature=[redacted]');
  });
});
