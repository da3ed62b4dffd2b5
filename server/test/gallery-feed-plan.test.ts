/**
 * The feed's queries are served by its index: on a table large enough (and analysed) that the planner
 * would otherwise read it whole, the first page and a cursor page of `gallery.feed` (the very SQL the
 * service sends, captured from its database handle) scan generations_feed_idx and never sequentially
 * scan generations, for a reader signed in or not.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Db } from '@style-license/db';
import { feedInputSchema } from '@style-license/shared';
import { listFeed } from '../src/domains/gallery/feed';
import { readyStyle } from './generation-support';
import { seedImages } from './community-support';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

describe('the feed query plan', () => {
  let deps: TestServerDeps;
  let pool: pg.Pool;
  /** The service's queries on this handle are recorded, with their parameters, to be explained. */
  let recorded: { query: string; params: unknown[] }[];
  let recording: Db;
  let viewerId: string;

  beforeAll(async () => {
    deps = await createTestDeps();
    pool = new pg.Pool({ connectionString: deps.database.url, max: 2 });
    recorded = [];
    recording = drizzle(pool, {
      schema,
      logger: { logQuery: (query, params) => void recorded.push({ query, params }) },
    }) as unknown as Db;
    const db = deps.database.db;
    const owner = await signInAs(deps);
    viewerId = (await signInAs(deps)).user.id;
    // Thousands of images over several styles, most private: reading the table whole would cost more.
    for (let n = 0; n < 4; n++) {
      const { style } = await readyStyle(deps);
      await seedImages(db, { ownerId: owner.user.id, styleId: style.id, count: 1500, visibility: 'private' });
      await seedImages(db, { ownerId: owner.user.id, styleId: style.id, count: 1000 });
    }
    await db.execute(sql`ANALYZE`);
  });
  afterAll(async () => {
    await pool?.end();
    await deps?.dispose();
  });

  /** Runs the feed on the recording handle and returns the plan of the page query it sent. */
  async function planOfFeed(viewer: string | null, cursor?: string) {
    recorded.length = 0;
    const page = await listFeed(
      recording,
      deps.storage,
      viewer,
      feedInputSchema.parse({ limit: 24, ...(cursor ? { cursor } : {}) }),
    );
    const pageQuery = recorded.filter((r) => /from "generations"/i.test(r.query));
    expect(pageQuery).toHaveLength(1);
    const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${pageQuery[0]!.query}`,
      pageQuery[0]!.params,
    );
    return { page, nodes: nodesOf(rows[0]!['QUERY PLAN'][0].Plan) };
  }

  function expectFeedIndexOnly(nodes: PlanNode[]) {
    const onGenerations = nodes.filter((n) => n['Relation Name'] === 'generations');
    expect(onGenerations.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(onGenerations).toContainEqual(
      expect.objectContaining({
        'Node Type': expect.stringMatching(/^Index( Only)? Scan$/),
        'Index Name': 'generations_feed_idx',
      }),
    );
  }

  it.each([
    ['signed out', false],
    ['signed in', true],
  ])('reads the first page and a cursor page by generations_feed_idx (%s)', async (_name, signedIn) => {
    const viewer = signedIn ? viewerId : null;
    const first = await planOfFeed(viewer);
    expectFeedIndexOnly(first.nodes);
    expect(first.page.items).toHaveLength(24);
    expect(first.page.nextCursor).not.toBeNull();
    const next = await planOfFeed(viewer, first.page.nextCursor!);
    expectFeedIndexOnly(next.nodes);
    // The cursor is where the index scan starts, not a filter over the rows read before it.
    const scan = next.nodes.find((n) => n['Index Name'] === 'generations_feed_idx')!;
    expect(scan['Index Cond']).toMatch(/published_at, id\) < ROW/);
    expect(next.page.items).toHaveLength(24);
  });

  it('finds no such plan once the index is gone (the check can fail)', async () => {
    // The same query explained with the index dropped in a transaction that is rolled back: the
    // planner reads the images some other way, so the assertions above are about the index.
    recorded.length = 0;
    await listFeed(recording, deps.storage, null, feedInputSchema.parse({ limit: 24 }));
    const query = recorded.find((r) => /from "generations"/i.test(r.query))!;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DROP INDEX generations_feed_idx');
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${query.query}`,
        query.params,
      );
      const nodes = nodesOf(rows[0]!['QUERY PLAN'][0].Plan);
      expect(() => expectFeedIndexOnly(nodes)).toThrow();
      expect(nodes).toContainEqual(
        expect.objectContaining({ 'Node Type': 'Seq Scan', 'Relation Name': 'generations' }),
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
