/**
 * The unsigned samples that training runs stored before samples were signed: housekeeping deletes them
 * from a real local object store, a bounded number of styles per run, and keeps every other object; the
 * migration clears the thumbnails that named them.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { trainingKeys } from '@style-license/shared';
import { samplesPrefix } from '../src/domains/styles/service';
import { purgeUnsignedSamples } from '../src/domains/styles/unsigned-samples';
import { createTestDeps, signInAs, type TestServerDeps } from './support';
import { putOnSale } from './generation-support';

describe('unsigned samples from before samples were signed', () => {
  let deps: TestServerDeps;
  let artistId: string;

  beforeAll(async () => {
    deps = await createTestDeps();
    artistId = (await signInAs(deps, { role: 'artist' })).user.id;
  });
  afterAll(async () => {
    await deps.dispose();
  });

  async function insertStyle() {
    const [row] = await deps.database.db
      .insert(schema.styles)
      .values({
        artistId,
        name: 'Old Style',
        description: '',
        priceTokens: 5,
        engine: 'quilt',
      })
      .returning();
    await putOnSale(deps.database.db, row!.id);
    return row!.id;
  }

  /** A style trained before samples were signed and again after: what each run left in storage. */
  async function styleWithBothRuns() {
    const id = await insertStyle();
    const [before, after] = [randomUUID(), randomUUID()];
    const unsigned = [0, 1].map((n) => `${samplesPrefix(id)}${before}-${n}.png`);
    const kept = [
      trainingKeys(id, after).sample(0),
      trainingKeys(id, after).artifact('quilt'),
      `styles/${id}/training/0.png`, // an accepted training image, not a sample
      `styles/${id}/thumbs/${randomUUID()}.webp`,
    ];
    for (const key of [...unsigned, ...kept]) await deps.storage.put(key, Buffer.from(key));
    return { id, unsigned, kept };
  }

  it('housekeeping deletes every unsigned .png sample, at most `limit` styles a run, lap after lap, and keeps every other object', async () => {
    const made = await Promise.all([styleWithBothRuns(), styleWithBothRuns(), styleWithBothRuns()]);
    const [first, second, third] = made.sort((a, b) => a.id.localeCompare(b.id));
    const walk = { after: null };
    const stored = () => deps.storage.list('');
    const purge = () => purgeUnsignedSamples(deps.database.db, deps.storage, { walk, limit: 2 });

    expect(await purge()).toBe(4);
    expect(walk.after).toBe(second!.id);
    expect(await stored()).toEqual(
      [...first!.kept, ...second!.kept, ...third!.unsigned, ...third!.kept].sort(),
    );

    expect(await purge()).toBe(2); // the rest of the styles; the next run starts a new lap
    expect(walk.after).toBeNull();
    const clean = made.flatMap((style) => style.kept).sort();
    expect(await stored()).toEqual(clean);

    expect(await purge()).toBe(0);
    expect(await stored()).toEqual(clean);
  });

  it('the migration clears a thumbnail that names an unsigned sample and keeps every other thumbnail', async () => {
    const db = deps.database.db;
    const thumbnails = new Map<string, string | null>();
    for (const thumbnailOf of [
      (id: string) => `${samplesPrefix(id)}${randomUUID()}-0.png`,
      (id: string) => trainingKeys(id, randomUUID()).sample(0),
      () => null,
    ]) {
      const id = await insertStyle();
      thumbnails.set(id, thumbnailOf(id));
      await db
        .update(schema.styles)
        .set({ thumbnailKey: thumbnails.get(id) })
        .where(eq(schema.styles.id, id));
    }
    const journal = JSON.parse(
      await readFile(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
    ) as { entries: { tag: string }[] };
    const { tag } = journal.entries.find((entry) => entry.tag.endsWith('_clear_unsigned_sample_thumbnails'))!;
    const migration = await readFile(new URL(`../../db/migrations/${tag}.sql`, import.meta.url), 'utf8');

    await db.execute(sql.raw(migration));

    const rows = await db
      .select({ id: schema.styles.id, thumbnailKey: schema.styles.thumbnailKey })
      .from(schema.styles)
      .where(inArray(schema.styles.id, [...thumbnails.keys()]));
    const [unsigned, signed, none] = [...thumbnails.keys()] as [string, string, string];
    expect(Object.fromEntries(rows.map((row) => [row.id, row.thumbnailKey]))).toEqual({
      [unsigned]: null,
      [signed]: thumbnails.get(signed),
      [none]: null,
    });
  });
});
