/**
 * Requests of the API fuzz suite that go around the tRPC client's conventions: bodies that are not
 * JSON, content types other than JSON, oversized bodies and URLs, JSON nested too deep, batch URLs whose
 * inputs do not match their calls, and procedure paths that name nothing.
 */
import fc from 'fast-check';
import { EDGE_STRINGS, RAW_TEXTS, hostileValue, toJsonText } from './fuzz-arbitraries';
import { trpcRequest, type Request } from './fuzz-support';

type Auth = Record<string, string>;
const jsonHeaders = (auth: Auth) => ({ ...auth, 'content-type': 'application/json' });

/** A POST body that is not JSON, or JSON no input expects. */
export const notJsonBody = fc.oneof(
  fc.constantFrom(...RAW_TEXTS),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(...EDGE_STRINGS),
);

/** Content types the API does not read (`''`: none); the last one is JSON in another charset. */
export const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/json-patch+json',
  'application/xml',
  'image/png',
  '',
  '*/*',
  'application/json; charset=utf-16',
];

/** A body of `bytes` sent chunked, with no Content-Length to refuse it by. */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const chunk = new TextEncoder().encode(`{"name":"${'A'.repeat(64 * 1024)}`);
      for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** Requests over a limit, each with the statuses it may get (http/body-limits.ts, trpc-route.ts). */
export function oversized(auth: Auth): [string, () => Request, number[]][] {
  const post = (path: string, body: Request['body']) => (): Request => ({
    method: 'POST',
    url: `/trpc/${path}`,
    body,
    headers: jsonHeaders(auth),
  });
  const search = encodeURIComponent(JSON.stringify({ tags: 'a'.repeat(12_000) }));
  return [
    ['300 KB to styles.create', post('styles.create', JSON.stringify({ name: 'A'.repeat(300_000) })), [413]],
    [
      '12 MB to licenses.verify',
      post('licenses.verify', JSON.stringify({ fileBase64: 'A'.repeat(12_000_000) })),
      [413],
    ],
    [
      '3.5 MB to artists.submitApplication',
      post('artists.submitApplication', JSON.stringify({ signature: { dataBase64: 'A'.repeat(3_500_000) } })),
      [413],
    ],
    ['4 MB chunked (no length) to styles.create', () => post('styles.create', chunked(4_000_000))(), [413]],
    ['JSON 21 deep', post('styles.create', '['.repeat(21) + ']'.repeat(21)), [400]],
    ['JSON 200 000 deep', post('styles.create', '['.repeat(200_000)), [400]],
    [
      'a 12 KB query input',
      () => ({ method: 'GET', url: `/trpc/styles.search?input=${search}`, headers: auth }),
      [400],
    ],
    // Over MAX_TRPC_PATH_LENGTH: Fastify's 414, answered as PAYLOAD_TOO_LARGE (413).
    [
      'a 2.6 KB batch path',
      () => ({
        method: 'GET',
        url: `/trpc/${Array(200).fill('health.check').join(',')}?batch=1`,
        headers: auth,
      }),
      [413],
    ],
  ];
}

/**
 * A batch (or a comma path without `batch=1`) of 1–4 calls, known or not, GET or POST, with inputs
 * per call (valid or hostile), at indices that do not match, or not an object at all.
 */
export function batchRequest(
  procedures: string[],
  validInput: (path: string) => unknown,
  auth: Auth,
): fc.Arbitrary<Request> {
  const unknown = fc.constantFrom('nope.nothing', '__proto__', 'constructor', 'health', 'health.check.x', '');
  const paths = fc.array(
    fc.oneof({ arbitrary: fc.constantFrom(...procedures), weight: 5 }, { arbitrary: unknown, weight: 1 }),
    { minLength: 1, maxLength: 4 },
  );
  const inputs = (ps: string[]) =>
    fc.oneof(
      fc
        .tuple(...ps.map((p) => fc.oneof(fc.constant(validInput(p)), hostileValue)))
        .map((xs) => Object.fromEntries(xs.map((x, k) => [String(k), x]))),
      fc.constantFrom<unknown>(
        { 5: {} },
        { '-1': {} },
        { '0': {}, '0.0': {} },
        ps.map((p) => validInput(p)),
        undefined,
        'x',
        null,
      ),
      hostileValue,
    );
  const flag = fc.constantFrom('batch=1', 'batch=true', 'batch=0', '', 'batch=1&batch=1');
  const method = fc.constantFrom<'GET' | 'POST'>('GET', 'POST');
  return paths.chain((ps) =>
    fc.tuple(inputs(ps), flag, method).map(([input, batch, m]): Request => {
      const text = toJsonText(input);
      const inQuery = m === 'GET' && text !== undefined ? `input=${encodeURIComponent(text)}` : '';
      const query = [batch, inQuery].filter(Boolean).join('&');
      const url = `/trpc/${ps.map(encodeURIComponent).join(',')}${query ? `?${query}` : ''}`;
      if (m === 'GET' || text === undefined) return { method: m, url, headers: auth };
      return { method: m, url, headers: jsonHeaders(auth), body: text };
    }),
  );
}

/** A call to a procedure path that names nothing, or names one oddly (escapes, prototype names, case). */
export function oddPathRequest(auth: Auth): fc.Arbitrary<Request> {
  const path = fc.oneof(
    fc.constantFrom(
      '%00',
      '%E0%A4%A',
      '%2e%2e%2fhealthz',
      '__proto__',
      'constructor.prototype',
      'health.__proto__',
      'HEALTH.CHECK',
      'health.check%00',
      'styles.create.',
      '.styles.create',
      'a'.repeat(999),
      'a'.repeat(1001),
    ),
    fc.string({ unit: 'binary-ascii', maxLength: 30 }).map(encodeURIComponent),
  );
  return fc
    .tuple(path, fc.constantFrom<'GET' | 'POST'>('GET', 'POST'), hostileValue)
    .map(([p, m, input]) => trpcRequest(p, m, toJsonText(input) ?? '{}', auth));
}
