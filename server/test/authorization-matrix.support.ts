/**
 * The authorization matrix's machinery (authorization-matrix.test.ts): the servers and the world of
 * resources it calls against, the no-change snapshot, the calls planned for a procedure's cases, and the
 * routes Fastify registered, in the table's terms.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { loadServerConfig } from '../src/config';
import { createSession } from '../src/domains/auth/sessions';
import { appRouter } from '../src/trpc/router';
import { CSRF_HEADER } from '../src/trpc/middlewares/csrf';
import {
  PROCEDURES,
  REFUSALS,
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
export const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

export const casesOf = (path: string): Case[] => [PROCEDURES[path] ?? []].flat();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The world with every id replaced by a well-formed uuid that names nothing. */
export function unknownIds(world: World): World {
  return Object.fromEntries(
    Object.entries(world).map(([k, v]) => [k, typeof v === 'string' && UUID.test(v) ? randomUUID() : v]),
  ) as unknown as World;
}

function namesResource(world: World, input: unknown): boolean {
  const ids = Object.values(world).filter((v) => typeof v === 'string' && UUID.test(v)) as string[];
  const text = JSON.stringify(input ?? null);
  return ids.some((id) => text.includes(id));
}

/** Everything the tests call against, made once for the file. */
export interface Matrix {
  deps: TestServerDeps;
  app: FastifyInstance;
  /** The same stores with Stripe configured: the webhook route exists only then (and the dev checkout not). */
  stripeApp: FastifyInstance;
  world: World;
  headers: Record<'anonymous' | 'otherBuyer' | 'otherArtist' | 'artist' | 'buyer', Record<string, string>>;
}

const bearer = async (deps: TestServerDeps, userId: string) => {
  const { token } = await createSession(deps.database.db, { userId, kind: 'desktop', ttlDays: 1 });
  return { authorization: `Bearer ${token}` };
};

/**
 * Starts the servers and makes the world, filling `m` in as it goes: whatever started is there to be
 * closed, even when making the world fails.
 */
export async function startMatrix(m: Matrix): Promise<void> {
  // Listening: the sign-in entrances fetch the development identity provider from this same server.
  const port = await freePort();
  const deps = await createTestDeps({ env: { ...LIMITS, PORT: String(port) } });
  m.deps = deps;
  const app = await buildApp(deps);
  m.app = app;
  await app.listen({ host: '127.0.0.1', port });
  const stripeConfig = loadServerConfig({
    NODE_ENV: 'test',
    DATABASE_URL: deps.config.DATABASE_URL,
    STORAGE_DIR: deps.config.STORAGE_DIR,
    WEB_ORIGIN: deps.config.WEB_ORIGIN.join(','),
    WEB_DIST_DIR: 'none',
    ...LIMITS,
    ...STRIPE_ENV,
  });
  m.stripeApp = await buildApp({ ...deps, config: stripeConfig });
  const { db } = deps.database;

  // The owners: an artist with a ready style on sale and two drafts, and a buyer with two images of it.
  const { artist, style: ready } = await readyStyle(deps);
  const { artist: otherArtist } = await readyStyle(deps);
  const buyer = await signInAs(deps, { kind: 'desktop' });
  const otherBuyer = await signInAs(deps, { kind: 'desktop' });
  const headers: Matrix['headers'] = {
    anonymous: { [CSRF_HEADER]: '1', origin: new URL(deps.config.PUBLIC_URL).origin },
    artist: await bearer(deps, artist.user.id),
    otherArtist: await bearer(deps, otherArtist.user.id),
    buyer: buyer.bearer,
    otherBuyer: otherBuyer.bearer,
  };
  m.headers = headers;

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

  m.world = {
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
}

/**
 * Everything a refused call must leave alone: each table's row count and a digest of its rows (the
 * rate-limit counters count refused calls too, and a session's last use is not a change), the sum of
 * wallet balances, and the objects in the store.
 */
export async function snapshot(deps: TestServerDeps) {
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

export interface Planned {
  label: string;
  caller: Caller;
  expected: Outcome;
  run: () => Promise<{ code: string; status: number }>;
}

/** The headers of a caller of a case: fresh accounts when the call would change its caller. */
async function callerHeaders(m: Matrix, c: Case, caller: Caller): Promise<Record<string, string>> {
  if (caller === 'owner') return m.headers[c.owner!];
  if (caller === 'anonymous' || !c.fresh) return m.headers[caller];
  const fresh = await signInAs(m.deps, {
    role: caller === 'otherArtist' ? 'artist' : 'user',
    kind: 'desktop',
  });
  return fresh.bearer;
}

/** Who calls with unknown ids: someone the case allows (its owner when it has one). */
function missingCaller(c: Case): Caller {
  if (c.owner) return 'owner';
  return c.rule === 'artist' || c.rule === 'artist-owner' ? 'otherArtist' : 'otherBuyer';
}

/** The calls of a procedure's cases: each caller, and unknown ids where the input names a resource. */
export function plan(m: Matrix, path: string): Planned[] {
  if (!procedures[path]) throw new Error(`${path} is in the table but not in appRouter`);
  const mutation = procedures[path]!._def.type === 'mutation';
  const cases = casesOf(path);
  return cases.flatMap((c, i) => {
    const prefix = cases.length > 1 ? `${c.name ?? `case ${i + 1}`}: ` : '';
    const call = (caller: Caller, w: () => World) => async () => {
      const res = await callTrpc(m.app, path, {
        mutation,
        input: c.input?.(w()),
        headers: await callerHeaders(m, c, caller),
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
      run: call(caller, () => m.world),
    }));
    if (c.input && namesResource(m.world, c.input(m.world))) {
      const caller = missingCaller(c);
      planned.push({
        label: `${prefix}unknown id (as ${caller})`,
        caller,
        expected: c.missing ?? 'NOT_FOUND',
        run: call(caller, () => unknownIds(m.world)),
      });
    }
    return planned;
  });
}

/** A refusal code as is; anything else is `allowed`, unless the server failed (that is never fine). */
export const outcomeOf = ({ code, status }: { code: string; status: number }): string =>
  REFUSALS.includes(code) ? code : status >= 500 ? `${code} (${status})` : 'allowed';

/**
 * A route's methods as the table writes them: HEAD folded into GET, Fastify's whole list as ALL.
 * `registered`: the routes as the instance's `onRoute` hook saw them.
 */
export function routeTable(
  instance: FastifyInstance,
  registered: { methods: string[]; url: string }[],
): Map<string, string[] | 'ALL'> {
  const all = [...instance.supportedMethods].sort().join();
  const byUrl = new Map<string, Set<string>>();
  for (const { url, methods } of registered) {
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
