/**
 * The authorization matrix (issue 16, item 7). Every tRPC procedure is taken from `appRouter` itself
 * (`_def.procedures`: path → procedure, with its type and input parsers) and every HTTP route from
 * Fastify itself (an `onRoute` hook put on each instance as it is created), and each is called as
 * anonymous, as a signed-in non-artist, as an artist, as the resource's owner and with ids that name
 * nothing, against the table in authorization-matrix.expectations.ts. A procedure or route missing from
 * the table, or listed there but gone, fails. A refused call must change nothing: every table (but the
 * rate-limit counters) and the object store are compared before and after the refused calls.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { loadServerConfig } from '../src/config';
import { createSession } from '../src/domains/auth/sessions';
import { appRouter } from '../src/trpc/router';
import { CSRF_HEADER } from '../src/trpc/middlewares/csrf';
import {
  PROCEDURES,
  REFUSALS,
  ROUTES,
  expectedOutcome,
  type Case,
  type Caller,
  type Outcome,
  type World,
} from './authorization-matrix.expectations';
import { seedImage } from './community-support';
import { readyStyle } from './generation-support';
import { signatureFile } from './names-support';
import { STRIPE_ENV } from './payments-support';
import { callTrpc, createTestDeps, freePort, signInAs, type TestServerDeps } from './support';

// Routes as Fastify registers them, per instance: the hook is on the root before any route exists, and
// child scopes (plugins) inherit it.
const registered = vi.hoisted(() => new Map<object, { methods: string[]; url: string }[]>());
vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<{ default: unknown }>();
  const create = actual.default as (options?: unknown) => FastifyInstance;
  const withRouteLog = (options?: unknown) => {
    const app = create(options);
    const routes: { methods: string[]; url: string }[] = [];
    registered.set(app, routes);
    app.addHook('onRoute', (route) => {
      routes.push({ methods: [route.method].flat().map(String), url: route.url });
    });
    return app;
  };
  return { ...actual, default: withRouteLog, fastify: withRouteLog };
});

const LIMITS = {
  API_RATE_LIMIT: '100000',
  SIGNIN_RATE_LIMIT: '1000',
  GENERATION_RATE_LIMIT: '1000',
  COMMENT_RATE_LIMIT: '1000',
};

interface Procedure {
  _def: {
    type: 'query' | 'mutation' | 'subscription';
    inputs: { safeParse?: (v: unknown) => { success: boolean } }[];
  };
}
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

const casesOf = (path: string): Case[] => [PROCEDURES[path] ?? []].flat();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The world with every id replaced by a well-formed uuid that names nothing. */
function unknownIds(world: World): World {
  return Object.fromEntries(
    Object.entries(world).map(([k, v]) => [k, typeof v === 'string' && UUID.test(v) ? randomUUID() : v]),
  ) as unknown as World;
}

function namesResource(world: World, input: unknown): boolean {
  const ids = Object.values(world).filter((v) => typeof v === 'string' && UUID.test(v)) as string[];
  const text = JSON.stringify(input ?? null);
  return ids.some((id) => text.includes(id));
}

let deps: TestServerDeps;
let app: FastifyInstance;
let stripeApp: FastifyInstance;
let world: World;
const headers = {} as Record<
  'anonymous' | 'otherBuyer' | 'otherArtist' | 'artist' | 'buyer',
  Record<string, string>
>;

const bearer = async (userId: string) => {
  const { token } = await createSession(deps.database.db, { userId, kind: 'desktop', ttlDays: 1 });
  return { authorization: `Bearer ${token}` };
};

beforeAll(async () => {
  // Listening: the sign-in entrances fetch the development identity provider from this same server.
  const port = await freePort();
  deps = await createTestDeps({ env: { ...LIMITS, PORT: String(port) } });
  app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port });
  // The same stores with Stripe configured: the webhook route exists only then (and the dev checkout not).
  const stripeConfig = loadServerConfig({
    NODE_ENV: 'test',
    DATABASE_URL: deps.config.DATABASE_URL,
    STORAGE_DIR: deps.config.STORAGE_DIR,
    WEB_ORIGIN: deps.config.WEB_ORIGIN.join(','),
    WEB_DIST_DIR: 'none',
    ...LIMITS,
    ...STRIPE_ENV,
  });
  stripeApp = await buildApp({ ...deps, config: stripeConfig });
  const { db } = deps.database;

  // The owners: an artist with a ready style on sale and two drafts, and a buyer with two images of it.
  const { artist, style: ready } = await readyStyle(deps);
  const { artist: otherArtist } = await readyStyle(deps);
  const buyer = await signInAs(deps, { kind: 'desktop' });
  const otherBuyer = await signInAs(deps, { kind: 'desktop' });
  headers.anonymous = { [CSRF_HEADER]: '1', origin: new URL(deps.config.PUBLIC_URL).origin };
  headers.artist = await bearer(artist.user.id);
  headers.otherArtist = await bearer(otherArtist.user.id);
  headers.buyer = buyer.bearer;
  headers.otherBuyer = otherBuyer.bearer;

  const draft = async (name: string) => {
    const res = await callTrpc(app, 'styles.create', {
      mutation: true,
      headers: headers.artist,
      input: { name, tags: ['portrait'], priceTokens: 10 },
    });
    expect(res.error).toBeUndefined();
    return (res.data as { id: string }).id;
  };
  const publicImageId = await seedImage(db, { ownerId: buyer.user.id, styleId: ready.id });
  const privateImageId = await seedImage(db, {
    ownerId: buyer.user.id,
    styleId: ready.id,
    visibility: 'private',
  });
  const [image] = await db
    .select()
    .from(schema.generations)
    .where(sql`id = ${privateImageId}`);
  await deps.storage.put(image!.imageKey!, Buffer.from('licensed bytes'));
  const fileLink = await deps.storage.presignGet(image!.imageKey!, { expiresInSeconds: 600 });

  const through = async (path: string, who: Record<string, string>, input: unknown) => {
    const res = await callTrpc(app, path, { mutation: true, headers: who, input });
    expect(res.error, `${path}: ${JSON.stringify(res.error)}`).toBeUndefined();
    return res.data as Record<string, unknown>;
  };
  const comment = await through('comments.add', headers.buyer, {
    generationId: publicImageId,
    body: 'Mine.',
  });
  await through('likes.add', headers.artist, { generationId: publicImageId });
  const [notification] = await db
    .select()
    .from(schema.notifications)
    .where(sql`user_id = ${buyer.user.id}`);
  // A notification of a third user (the buyer liked their image), for a call naming it beside one's own.
  const third = await signInAs(deps);
  const theirs = await seedImage(db, { ownerId: third.user.id, styleId: ready.id });
  await through('likes.add', headers.buyer, { generationId: theirs });
  const [foreign] = await db
    .select()
    .from(schema.notifications)
    .where(sql`user_id = ${third.user.id}`);
  const checkout = await through('payments.createCheckout', headers.buyer, { packageId: 'tokens_100' });
  const spare = await createSession(db, { userId: buyer.user.id, kind: 'web', ttlDays: 1 });

  world = {
    artistId: artist.user.id,
    readyStyleId: ready.id,
    draftStyleId: await draft('Matrix Draft'),
    archivableStyleId: await draft('Matrix Archivable'),
    publicImageId,
    privateImageId,
    commentId: comment.id as string,
    notificationId: notification!.id,
    purchaseId: checkout.purchaseId as string,
    spareSessionId: spare.session.id,
    foreignNotificationId: foreign!.id,
    signature: await signatureFile(),
    fileLink: fileLink.slice(new URL(fileLink).origin.length),
    fileKey: image!.imageKey!,
    host: new URL(deps.config.PUBLIC_URL).host,
  };
});

afterAll(async () => {
  await stripeApp?.close();
  await app?.close();
  await deps?.dispose();
});

/**
 * Everything a refused call must leave alone: each table's row count and a digest of its rows (the
 * rate-limit counters count refused calls too, and a session's last use is not a change), the sum of
 * wallet balances, and the objects in the store.
 */
async function snapshot() {
  const { db } = deps.database;
  const tables = (await db.execute(sql`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'rate_limits'
    ORDER BY table_name`)) as unknown as { rows: { name: string }[] };
  const digests = (await db.execute(
    sql.join(
      tables.rows.map(
        ({ name }) => sql`SELECT ${name}::text AS name, count(*)::int AS rows,
          coalesce(md5(string_agg(r, ',' ORDER BY r)), '') AS digest
          FROM (SELECT (to_jsonb(t) - 'last_used_at')::text AS r FROM ${sql.identifier(name)} t) s`,
      ),
      sql` UNION ALL `,
    ),
  )) as unknown as { rows: { name: string; rows: number; digest: string }[] };
  const [balances] = await db
    .select({ sum: sql<number>`coalesce(sum(${schema.wallets.balance}), 0)::int` })
    .from(schema.wallets);
  const objects = readdirSync(deps.config.STORAGE_DIR, { recursive: true }).length;
  return {
    tables: Object.fromEntries(digests.rows.map((r) => [r.name, `${r.rows} rows ${r.digest}`])),
    walletBalanceSum: balances!.sum,
    objects,
  };
}

it('the no-change snapshot sees a change (a wallet credited and put back)', async () => {
  const before = await snapshot();
  const { db } = deps.database;
  await db
    .update(schema.wallets)
    .set({ balance: sql`balance + 1` })
    .where(sql`user_id = ${world.artistId}`);
  const changed = await snapshot();
  await db
    .update(schema.wallets)
    .set({ balance: sql`balance - 1` })
    .where(sql`user_id = ${world.artistId}`);
  expect(changed.walletBalanceSum).toBe(before.walletBalanceSum + 1);
  expect(changed.tables.wallets).not.toBe(before.tables.wallets);
  expect(await snapshot()).toEqual(before);
});

interface Planned {
  label: string;
  caller: Caller;
  expected: Outcome;
  run: () => Promise<{ code: string; status: number }>;
}

/** The headers of a caller of a case: fresh accounts when the call would change its caller. */
async function callerHeaders(c: Case, caller: Caller): Promise<Record<string, string>> {
  if (caller === 'owner') return headers[c.owner!];
  if (caller === 'anonymous' || !c.fresh) return headers[caller];
  const fresh = await signInAs(deps, { role: caller === 'otherArtist' ? 'artist' : 'user', kind: 'desktop' });
  return fresh.bearer;
}

/** Who calls with unknown ids: someone the case allows (its owner when it has one). */
function missingCaller(c: Case): Caller {
  if (c.owner) return 'owner';
  return c.rule === 'artist' || c.rule === 'artist-owner' ? 'otherArtist' : 'otherBuyer';
}

function plan(path: string): Planned[] {
  if (!procedures[path]) throw new Error(`${path} is in the table but not in appRouter`);
  const mutation = procedures[path]!._def.type === 'mutation';
  const cases = casesOf(path);
  return cases.flatMap((c, i) => {
    const prefix = cases.length > 1 ? `${c.name ?? `case ${i + 1}`}: ` : '';
    const call = (caller: Caller, w: () => World) => async () => {
      const res = await callTrpc(app, path, {
        mutation,
        input: c.input?.(w()),
        headers: await callerHeaders(c, caller),
      });
      return { code: res.error?.data.code ?? 'OK', status: res.status };
    };
    const callers: Caller[] = [
      'anonymous',
      'otherBuyer',
      'otherArtist',
      ...(c.owner ? ['owner' as const] : []),
    ];
    const planned: Planned[] = callers.map((caller) => ({
      label: `${prefix}${caller}`,
      caller,
      expected: expectedOutcome(c, caller),
      run: call(caller, () => world),
    }));
    if (c.input && namesResource(world, c.input(world))) {
      const caller = missingCaller(c);
      planned.push({
        label: `${prefix}unknown id (as ${caller})`,
        caller,
        expected: c.missing ?? 'NOT_FOUND',
        run: call(caller, () => unknownIds(world)),
      });
    }
    return planned;
  });
}

/** A refusal code as is; anything else is `allowed`, unless the server failed (that is never fine). */
const outcomeOf = ({ code, status }: { code: string; status: number }): string =>
  REFUSALS.includes(code) ? code : status >= 500 ? `${code} (${status})` : 'allowed';

describe('authorization matrix: tRPC procedures', () => {
  it('the table lists every procedure of appRouter, and only those', () => {
    const inRouter = Object.keys(procedures).sort();
    const inTable = Object.keys(PROCEDURES).sort();
    expect({
      missingFromTable: inRouter.filter((p) => !inTable.includes(p)),
      goneFromRouter: inTable.filter((p) => !inRouter.includes(p)),
    }).toEqual({ missingFromTable: [], goneFromRouter: [] });
    for (const path of inRouter)
      expect(procedures[path]!._def.type, `${path}: subscriptions are not covered`).not.toBe('subscription');
  });

  it('every input is valid for its procedure (a refusal is about who calls, not what is sent)', () => {
    for (const [path, procedure] of Object.entries(procedures)) {
      for (const c of casesOf(path)) {
        const { inputs } = procedure._def;
        expect(inputs.length > 0, `${path}: an input is ${c.input ? 'given but not taken' : 'needed'}`).toBe(
          c.input !== undefined,
        );
        for (const w of c.input ? [world, unknownIds(world)] : []) {
          for (const parser of inputs) {
            expect(parser.safeParse, `${path}: input parser is not a zod schema`).toBeTypeOf('function');
            expect(parser.safeParse!(c.input!(w)).success, `${path}: ${JSON.stringify(c.input!(w))}`).toBe(
              true,
            );
          }
        }
        if (c.rule === 'owner' || c.rule === 'artist-owner')
          expect(c.owner && c.refused, `${path}: an owner rule names the owner and the refusal`).toBeTruthy();
      }
    }
  });

  for (const path of Object.keys(PROCEDURES)) {
    const bug = casesOf(path).find((c) => c.bug)?.bug;
    (bug ? it.fails : it)(`${path}${bug ? ` — KNOWN BUG: ${bug}` : ''}`, async () => {
      const calls = plan(path);
      const refused = calls.filter((c) => c.expected !== 'allowed');
      const allowed = calls.filter((c) => c.expected === 'allowed');
      const got: Record<string, string> = {};

      const before = await snapshot();
      for (const c of refused) got[c.label] = outcomeOf(await c.run());
      expect(await snapshot(), `${path}: a refused call changed something`).toEqual(before);
      // Owners last: their allowed calls may change what the others would see (a removed comment).
      for (const c of allowed.filter((c) => c.caller !== 'owner')) got[c.label] = outcomeOf(await c.run());
      for (const c of allowed.filter((c) => c.caller === 'owner')) got[c.label] = outcomeOf(await c.run());

      expect(got, path).toEqual(Object.fromEntries(calls.map((c) => [c.label, c.expected])));
    });
  }
});

/** A route's methods as the table writes them: HEAD folded into GET, Fastify's whole list as ALL. */
function routeTable(instance: FastifyInstance): Map<string, string[] | 'ALL'> {
  const all = [...instance.supportedMethods].sort().join();
  const byUrl = new Map<string, Set<string>>();
  for (const { url, methods } of registered.get(instance) ?? []) {
    const set = byUrl.get(url) ?? new Set<string>();
    for (const m of methods) set.add(m);
    byUrl.set(url, set);
  }
  return new Map(
    [...byUrl].map(([url, set]): [string, string[] | 'ALL'] => {
      if ([...set].sort().join() === all) return [url, 'ALL'];
      if (set.has('GET')) set.delete('HEAD');
      return [url, [...set].sort()];
    }),
  );
}

describe('authorization matrix: HTTP routes', () => {
  it('the table lists every route Fastify has, with its methods, and only those', () => {
    const dev = routeTable(app);
    const stripe = routeTable(stripeApp);
    const found = new Map([...stripe, ...dev]);
    const listed = Object.keys(ROUTES);
    expect({
      missingFromTable: [...found.keys()].filter((url) => !listed.includes(url)),
      goneFromServer: listed.filter((url) => !found.has(url)),
    }).toEqual({ missingFromTable: [], goneFromServer: [] });
    for (const [url, rule] of Object.entries(ROUTES)) {
      const methods = rule.methods === 'ALL' ? 'ALL' : [...rule.methods].sort();
      expect((rule.app === 'stripe' ? stripe : dev).get(url), `${url}: methods`).toEqual(methods);
    }
  });

  for (const [url, rule] of Object.entries(ROUTES)) {
    it(`${url}`, async () => {
      const target = rule.app === 'stripe' ? stripeApp : app;
      const send = async (check: (typeof rule.checks)[number]) => {
        const credentials: Record<string, string> =
          check.caller === 'anonymous'
            ? {}
            : check.caller === 'owner'
              ? headers[rule.owner!]
              : headers[check.caller];
        const request = check.request(world) as InjectOptions & { headers?: Record<string, string> };
        return target.inject({ ...request, headers: { ...request.headers, ...credentials } });
      };
      const got: Record<string, number> = {};
      const label = (c: (typeof rule.checks)[number], i: number) =>
        `#${i + 1} ${c.caller} ${c.request(world).method ?? 'GET'} ${String(c.request(world).url).split('?')[0]}`;

      const before = await snapshot();
      for (const [i, check] of rule.checks.entries()) {
        if (check.status < 400) continue;
        const res = await send(check);
        got[label(check, i)] = res.statusCode;
        for (const header of check.absentHeaders ?? []) expect(res.headers[header], header).toBeUndefined();
      }
      expect(await snapshot(), `${url}: a refused request changed something`).toEqual(before);
      for (const [i, check] of rule.checks.entries()) {
        if (check.status >= 400) continue;
        const res = await send(check);
        got[label(check, i)] = res.statusCode;
        for (const header of check.absentHeaders ?? []) expect(res.headers[header], header).toBeUndefined();
      }
      expect(got).toEqual(Object.fromEntries(rule.checks.map((c, i) => [label(c, i), c.status])));
    });
  }
});
