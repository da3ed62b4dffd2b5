/**
 * Fixtures for the community tests (issue 13): an app on a fresh database, images seeded straight into
 * PostgreSQL in bulk (within the CHECK constraints of migration 0014: a public image is a succeeded one
 * with a publication time), and callers that speak tRPC over the app's HTTP surface, so rules are checked
 * with the typed error codes clients see.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '@style-license/db';
import { buildApp } from '../src/app';
import { CSRF_HEADER } from '../src/trpc/middlewares/csrf';
import { callTrpc, createTestDeps, type TestServerDeps } from './support';

export interface CommunityApp {
  deps: TestServerDeps;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The app on a fresh database; the per-caller API limit is raised so that walks of many pages pass it. */
export async function communityApp(env: Record<string, string> = {}): Promise<CommunityApp> {
  const deps = await createTestDeps({ env: { API_RATE_LIMIT: '100000', ...env } });
  const app = await buildApp(deps);
  return {
    deps,
    app,
    close: async () => {
      await app.close();
      await deps.dispose();
    },
  };
}

export type Call = Awaited<ReturnType<typeof callTrpc>>;

/** A client of the API with one caller's headers (a signed-in browser's, or an anonymous one's). */
export function caller(app: FastifyInstance, headers: Record<string, string> = { [CSRF_HEADER]: '1' }) {
  return {
    query: (path: string, input?: unknown) => callTrpc(app, path, { input, headers }),
    mutate: (path: string, input: unknown) => callTrpc(app, path, { input, mutation: true, headers }),
  };
}
export type Caller = ReturnType<typeof caller>;

/** The answer's data, after checking that the call succeeded. */
export function ok<T = Record<string, unknown>>(res: Call): T {
  expect(res.error, JSON.stringify(res.error)).toBeUndefined();
  expect(res.status).toBe(200);
  return res.data as T;
}

/** The typed error code a client sees (and the rule of its first detail, when given). */
export function expectError(res: Call, code: string, rule?: string) {
  expect(res.error?.data.code, JSON.stringify(res.error ?? res.data)).toBe(code);
  if (rule) {
    const data = res.error!.data as { details?: { rule: string }[] };
    expect(data.details?.map((d) => d.rule)).toContain(rule);
  }
}

/** A refusal as a client can tell it apart (status, code, message, details), without its request id. */
export function refusal(res: Call) {
  const data = res.error?.data as { code?: string; details?: unknown } | undefined;
  return { status: res.status, code: data?.code, message: res.error?.message, details: data?.details };
}

export interface SeedImages {
  ownerId: string;
  styleId: string;
  count: number;
  visibility?: 'public' | 'private';
  status?: 'queued' | 'running' | 'succeeded' | 'failed';
  /**
   * The publication time of image number `i` (0-based), as SQL over the series column `i`. Defaults to
   * a millisecond apart going back from now for public images, and to null (never published) otherwise.
   */
  publishedAt?: SQL;
  promptTags?: string[];
  description?: string | null;
}

/**
 * `count` images in one INSERT … SELECT from generate_series: a thousand in milliseconds. Succeeded
 * images get a preview and an image key, as the worker leaves them. Returns the ids in series order.
 */
export async function seedImages(db: Db, o: SeedImages): Promise<string[]> {
  const visibility = o.visibility ?? 'public';
  const status = o.status ?? 'succeeded';
  const publishedAt =
    o.publishedAt ??
    (visibility === 'public' ? sql`now() - i * interval '1 millisecond'` : sql`NULL::timestamptz`);
  const succeeded = status === 'succeeded';
  const tags = o.promptTags ?? ['portrait'];
  const result = (await db.execute(sql`
    INSERT INTO generations (owner_id, style_id, seed, cost_tokens, idempotency_key, status, image_key,
                             preview_key, visibility, published_at, prompt_tags, description, completed_at)
    SELECT ${o.ownerId}::uuid, ${o.styleId}::uuid, i, 1, 'seed-' || gen_random_uuid(), ${status}::generation_status,
           CASE WHEN ${succeeded} THEN 'seeded/' || gen_random_uuid() || '.png' END,
           CASE WHEN ${succeeded} THEN 'seeded/' || gen_random_uuid() || '.webp' END,
           ${visibility}::visibility, ${publishedAt},
           ARRAY[${sql.join(
             tags.map((t) => sql`${t}`),
             sql`, `,
           )}]::text[],
           ${o.description ?? null},
           CASE WHEN ${succeeded} THEN now() END
    FROM generate_series(0, ${o.count - 1}::int) AS i
    ORDER BY i
    RETURNING id
  `)) as unknown as { rows: { id: string }[] };
  return result.rows.map((r) => r.id);
}

/** One image, seeded as above. */
export async function seedImage(db: Db, o: Omit<SeedImages, 'count'>): Promise<string> {
  const [id] = await seedImages(db, { ...o, count: 1 });
  return id!;
}

export interface FeedItemSeen {
  id: string;
  publishedAt: string;
  likeCount: number;
  commentCount: number;
  likedByMe: boolean;
  description: string | null;
  style: { id: string };
  artist: { id: string };
}

/** Every page of a feed, in order, following `nextCursor` to the end. */
export async function walkFeed(who: Caller, input: Record<string, unknown> = {}): Promise<FeedItemSeen[]> {
  const seen: FeedItemSeen[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = ok<{ items: FeedItemSeen[]; nextCursor: string | null }>(
      await who.query('gallery.feed', { limit: 50, ...input, ...(cursor ? { cursor } : {}) }),
    );
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('the feed never ended');
}
