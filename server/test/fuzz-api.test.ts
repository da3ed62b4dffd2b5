/**
 * Property-based fuzzing of the whole API (issue 16, item 8), over real HTTP to a listening server.
 * Every procedure is taken from `appRouter` itself and called by the owner of the resources its valid
 * input names (a desktop Bearer session), with
 * - hostile inputs that owe nothing to its schema (fuzz-arbitraries.ts `hostileInput`), now and then
 *   with the wrong HTTP method;
 * - near-valid inputs: the authorization matrix's valid input with one thing changed (`nearValid`);
 * and the server itself with bodies that are not JSON, wrong content types, oversized bodies and URLs,
 * and batch URLs whose inputs do not match their calls.
 * Properties: never a 5xx, the body is the API's answer (an error carries a code of ERROR_CODES with its
 * status), and a refused call changes nothing (the database fingerprint and the object store).
 *
 * A bug found here is reproduced as an `it.fails` ("KNOWN BUG"), and its one signature let through by
 * the properties (fuzz-probe.ts `knownBug`) so that they keep looking for others.
 *
 * Reproducible: fixed seeds (FUZZ_SEED to change them; fast-check prints the seed and path of a
 * failure). FUZZ_RUNS=200 runs more hostile inputs per procedure (near-valid ones: half as many).
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorResponse } from '../src/http/client-errors';
import { appRouter } from '../src/trpc/router';
import { PROCEDURES, type Case } from './authorization-matrix.expectations';
import { hostileInput, toJsonText } from './fuzz-arbitraries';
import { inputJsonSchema, nearValid, topKeys, type JsonSchema } from './fuzz-near-valid';
import { CONTENT_TYPES, batchRequest, notJsonBody, oddPathRequest, oversized } from './fuzz-raw';
import { createProber, type Prober } from './fuzz-probe';
import {
  changedTables,
  errorLogs,
  fingerprinter,
  judge,
  send,
  sendRaw,
  startFuzzWorld,
  trpcRequest,
  type Answer,
  type Fingerprint,
  type FuzzWorld,
  type Request,
} from './fuzz-support';

const SEED = Number(process.env.FUZZ_SEED ?? 20_816);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const NEAR_RUNS = Math.max(1, Math.round(RUNS / 2));
const TIMEOUT = 60_000 + RUNS * 3_000;

interface Procedure {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;
const PATHS = Object.keys(procedures).sort();
const casesOf = (path: string): Case[] => [PROCEDURES[path] ?? []].flat();
const methodOf = (path: string) => (procedures[path]!._def.type === 'mutation' ? 'POST' : 'GET');
const schemaOf = (path: string): JsonSchema | undefined => inputJsonSchema(procedures[path]!._def.inputs);
/** Calls that change who makes them (sign out, become an artist) are made by a new account each time. */
const isFresh = (path: string) => casesOf(path).some((c) => c.fresh);

let fw: FuzzWorld;
let fingerprint: () => Promise<Fingerprint>;
let prober: Prober;
const probe = (req: Request) => prober.probe(req);

beforeAll(async () => {
  fw = await startFuzzWorld();
  fingerprint = await fingerprinter(fw.server);
  prober = createProber(fw, fingerprint);
}, 120_000);

afterAll(async () => {
  await fw?.stop();
  if (process.env.FUZZ_STATS)
    for (const [test, codes] of Object.entries(prober?.stats ?? {}))
      console.log(`${test}: ${JSON.stringify(codes)}`);
});

/** The headers of whoever owns what `c` names: a case's owner, else the artist; a new account if fresh. */
async function authFor(path: string, c?: Case): Promise<Record<string, string>> {
  if (isFresh(path)) {
    prober.forget();
    return fw.freshAuth(c?.rule === 'artist' ? 'artist' : 'user');
  }
  return fw.auth[c?.owner ?? 'artist'];
}

const params = (i: number, numRuns: number) => ({ numRuns, seed: SEED + i, endOnFailure: false });
const otherMethod = (m: 'GET' | 'POST') => (m === 'GET' ? 'POST' : 'GET');
/** Mostly the procedure's own method; one call in eight the other one. */
const flip = fc.oneof(
  { arbitrary: fc.constant(false), weight: 7 },
  { arbitrary: fc.constant(true), weight: 1 },
);

describe('fuzz: the suite itself', () => {
  it('covers every procedure of appRouter, each with a valid input to start near-valid ones from', () => {
    expect(PATHS.length).toBeGreaterThan(30);
    const missing = PATHS.filter(
      (p) => procedures[p]!._def.inputs.length > 0 && !casesOf(p).some((c) => c.input),
    );
    expect(missing, 'procedures taking input with no valid input in PROCEDURES').toEqual([]);
    for (const p of PATHS) expect(procedures[p]!._def.type, p).not.toBe('subscription');
  });

  it('the fingerprint sees a change in a table and in the object store', async () => {
    const before = await prober.settled();
    const credit = (d: number) =>
      fw.server.db.execute(
        sql`UPDATE wallets SET balance = balance + ${d} WHERE user_id = ${fw.world.artistId}`,
      );
    await credit(1);
    await fw.server.deps.storage.put(`fuzz/${Date.now()}.txt`, Buffer.from('x'));
    const changed = changedTables(before, await fingerprint());
    await credit(-1);
    expect(changed).toEqual(['wallets', expect.stringMatching(/^objects \d+→\d+$/)]);
    prober.forget();
  });
});

describe('fuzz: hostile inputs to every procedure', () => {
  for (const [i, path] of PATHS.entries()) {
    it(
      path,
      async () => {
        const method = methodOf(path);
        const arbitrary = fc.tuple(hostileInput(topKeys(schemaOf(path))), flip);
        await fc.assert(
          fc.asyncProperty(arbitrary, async ([input, other]) => {
            const auth = await authFor(path, casesOf(path)[0]);
            await probe(trpcRequest(path, other ? otherMethod(method) : method, toJsonText(input), auth));
          }),
          params(i, RUNS),
        );
      },
      TIMEOUT,
    );
  }
});

describe('fuzz: near-valid inputs (one change to a valid input)', () => {
  for (const [i, path] of PATHS.entries()) {
    const cases = casesOf(path).filter((c) => c.input);
    if (cases.length === 0) continue;
    it(
      path,
      async () => {
        const schema = schemaOf(path);
        const arbitrary = fc
          .nat(cases.length - 1)
          .chain((k) =>
            nearValid(cases[k]!.input!(fw.world), schema).map((input) => ({ c: cases[k]!, input })),
          );
        await fc.assert(
          fc.asyncProperty(arbitrary, async ({ c, input }) => {
            await probe(trpcRequest(path, methodOf(path), toJsonText(input), await authFor(path, c)));
          }),
          params(1000 + i, NEAR_RUNS),
        );
      },
      TIMEOUT,
    );
  }
});

/** Mutations a batch or raw body may go to: none that signs its caller out or changes their role. */
const MUTATIONS = PATHS.filter((p) => methodOf(p) === 'POST' && !isFresh(p));
const QUERIES = PATHS.filter((p) => methodOf(p) === 'GET');
const validInput = (path: string) =>
  casesOf(path)
    .find((c) => c.input)
    ?.input?.(fw.world);
const post = (path: string, body: string, headers: Record<string, string>): Request => ({
  method: 'POST',
  url: `/trpc/${path}`,
  body,
  headers,
});

describe('fuzz: bugs found, reproduced (it.fails until fixed)', () => {
  // Found by near-valid inputs (FUZZ_RUNS=100 FUZZ_SEED=777, follows.add): an artist following
  // themself with their id in capitals. follows/service.ts compares `artistId === followerId` as
  // strings, so the capitalised id passes the self check (VALIDATION_FAILED self_follow for the same
  // id in lower case), and the INSERT fails the database's CHECK follows_not_self: 500 INTERNAL, logged
  // "procedure failed follows.add … violates check constraint "follows_not_self"". Nothing changes.
  const selfFollow = (artistId: string) =>
    trpcRequest('follows.add', 'POST', JSON.stringify({ artistId }), fw.auth.artist);

  it('follows.add of oneself is VALIDATION_FAILED in lower case; in capitals it changes nothing', async () => {
    const lower = await send(fw.server, selfFollow(fw.world.artistId));
    expect([lower.status, judge(lower).problems, lower.text]).toEqual([
      400,
      [],
      expect.stringContaining('self_follow'),
    ]);
    const before = await prober.settled();
    await send(fw.server, selfFollow(fw.world.artistId.toUpperCase()));
    expect(await fingerprint()).toEqual(before);
    prober.forget();
  });

  // Found by this suite (a 500 from the database's constraint), fixed in follows/service.ts.
  it("refuses following oneself with one's own id in capitals as VALIDATION_FAILED, not a 500", async () => {
    const answer = await send(fw.server, selfFollow(fw.world.artistId.toUpperCase()));
    expect([answer.status, judge(answer).problems, answer.text]).toEqual([
      400,
      [],
      expect.stringContaining('self_follow'),
    ]);
  });
});

describe('fuzz: raw requests', () => {
  it(
    'bodies that are not JSON',
    async () => {
      const json = { ...fw.auth.artist, 'content-type': 'application/json' };
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...MUTATIONS), notJsonBody, async (path, text) => {
          await probe(post(path, text, json));
        }),
        params(2001, RUNS * 2),
      );
    },
    TIMEOUT,
  );

  it(
    'content types other than JSON are refused, even with a valid body',
    async () => {
      const types = fc.constantFrom(...CONTENT_TYPES);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...MUTATIONS), types, async (path, type) => {
          const headers = type === '' ? fw.auth.artist : { ...fw.auth.artist, 'content-type': type };
          const res = await probe(post(path, JSON.stringify(validInput(path) ?? {}), headers));
          if (!type.includes('charset=')) expect(res.refused, `${path} as ${type}`).toBe(true);
        }),
        params(2002, RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    'oversized bodies and URLs, and JSON nested too deep, are refused with 4xx',
    async () => {
      for (const [label, request, statuses] of oversized(fw.auth.artist)) {
        const res = await probe(request());
        expect(statuses, `${label}: ${res.status}`).toContain(res.status);
      }
    },
    TIMEOUT,
  );

  // Found by this suite, fixed in http/client-errors.ts: Node's HTTP parser refuses a request line and
  // headers over 16 KiB before any route, and Fastify's default clientErrorHandler answered 431
  // {"error":"Request Header Fields Too Large",…,"statusCode":431}: no code of ERROR_CODES, no requestId.
  it('a URL over 16 KiB is PAYLOAD_TOO_LARGE in the API error shape, under a request id it logs', async () => {
    const before = await prober.settled();
    const logFrom = fw.server.captured.lines.length;
    const input = encodeURIComponent(JSON.stringify({ styleId: 'A'.repeat(20_000) }));
    const url = `/trpc/styles.get?input=${input}`;
    const answer = await send(fw.server, { method: 'GET', url, headers: fw.auth.artist });
    expect(judge(answer).problems, `${answer.status} ${answer.text}`).toEqual([]);
    const body = JSON.parse(answer.text) as { requestId: string };
    expect([answer.status, body]).toEqual([
      413,
      {
        code: 'PAYLOAD_TOO_LARGE',
        httpStatus: 413,
        message: 'The request URL and headers are too large',
        details: [{ rule: 'header_limit', message: 'at most 16384 bytes', value: 16_384 }],
        requestId: expect.stringMatching(/^[\w-]{36}$/),
      },
    ]);
    expect(
      Object.fromEntries(
        ['x-request-id', 'connection', 'content-type'].map((h) => [h, answer.headers.get(h)]),
      ),
    ).toEqual({
      'x-request-id': body.requestId,
      connection: 'close',
      'content-type': 'application/json; charset=utf-8',
    });
    const logged = fw.server.captured.lines.slice(logFrom).filter((l) => l.requestId === body.requestId);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request refused by the HTTP parser',
        reason: 'HPE_HEADER_OVERFLOW',
        statusCode: 413,
      }),
    ]);
    expect(errorLogs(fw.server, logFrom)).toEqual([]);
    expect(await fingerprint()).toEqual(before);
    prober.forget();
  });

  it('headers over 16 KiB, and bytes that are not HTTP, are answered in the API error shape', async () => {
    const header = await send(fw.server, {
      method: 'GET',
      url: '/trpc/health.check',
      headers: { ...fw.auth.artist, 'x-padding': 'p'.repeat(20_000) },
    });
    const garbage = await sendRaw(fw.server, 'NOT HTTP AT ALL\r\n\r\n');
    const badLength = await sendRaw(
      fw.server,
      'POST /trpc/styles.create HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n',
    );
    for (const answer of [header, garbage, badLength]) {
      expect(judge(answer).problems, `${answer.status} ${answer.text}`).toEqual([]);
      expect(answer.headers.get('x-request-id')).toBe(
        (JSON.parse(answer.text) as { requestId: string }).requestId,
      );
    }
    const codeOf = (a: Answer) => [a.status, (JSON.parse(a.text) as { code: string }).code];
    expect([header, garbage, badLength].map(codeOf)).toEqual([
      [413, 'PAYLOAD_TOO_LARGE'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
    ]);
  });

  it("Node's other client errors (a timeout, chunk extensions too large) have a code of ours too", () => {
    const answerTo = (code: string): Answer => {
      const { text } = clientErrorResponse(Object.assign(new Error(code), { code }), 'req-1');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      return { status: Number(head.split(' ')[1]), headers: new Headers(), text: body, request: code };
    };
    const timeout = answerTo('ERR_HTTP_REQUEST_TIMEOUT');
    const extensions = answerTo('HPE_CHUNK_EXTENSIONS_OVERFLOW');
    for (const answer of [timeout, extensions]) expect(judge(answer).problems, answer.text).toEqual([]);
    expect([timeout.status, extensions.status, timeout.text]).toEqual([
      400,
      413,
      expect.stringContaining('request_timeout'),
    ]);
  });

  it(
    'batch URLs with inputs that do not match their calls',
    async () => {
      const requests = batchRequest([...QUERIES, ...MUTATIONS], validInput, fw.auth.artist);
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          await probe(request);
        }),
        params(2003, RUNS * 2),
      );
    },
    TIMEOUT,
  );

  it(
    'procedure paths that name nothing, or name one oddly',
    async () => {
      await fc.assert(
        fc.asyncProperty(oddPathRequest(fw.auth.artist), async (request) => {
          await probe(request);
        }),
        params(2004, RUNS),
      );
    },
    TIMEOUT,
  );
});
