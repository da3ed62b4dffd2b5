/**
 * Deletes the unsigned samples that training stored before samples were signed (`<jobId>-<n>.png` in a
 * style's samples folder): no unsigned image made from an artist's style may stay in storage. Nothing
 * links them any more (isSignedSampleKey), and migration 0006 cleared the thumbnails that named them.
 * Only `.png` is deleted, the one unsigned kind there ever was, so a later sample format is never at risk.
 *
 * Bounded: a run lists the samples folders of at most STYLES_PER_RUN styles, walking the styles by id
 * from where this process's last run stopped, round and round. There is no record of which styles are
 * clean or of when this release was deployed, and listing one folder is cheap, so the walk never stops:
 * a worker of the old release still running during a deploy is caught on the next lap. It starts at a
 * random id, so a server restarted more often than a lap takes still reaches every style. Deleting is
 * idempotent, so every server may run it.
 */
import { randomUUID } from 'node:crypto';
import { asc, gt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { ObjectStorage } from '@style-license/platform/storage';
import { samplesPrefix } from './service';

const { styles } = schema;
export const STYLES_PER_RUN = 200;

/** Where the walk is: the last style id visited, or null to start again from the first. */
export interface StyleWalk {
  after: string | null;
}
const processWalk: StyleWalk = { after: randomUUID() };

const isUnsignedSample = (key: string) => key.endsWith('.png');

/** Resolves with how many unsigned samples it deleted. */
export async function purgeUnsignedSamples(
  db: Db,
  storage: ObjectStorage,
  { walk = processWalk, limit = STYLES_PER_RUN }: { walk?: StyleWalk; limit?: number } = {},
): Promise<number> {
  const rows = await db
    .select({ id: styles.id })
    .from(styles)
    .where(walk.after === null ? undefined : gt(styles.id, walk.after))
    .orderBy(asc(styles.id))
    .limit(limit);
  // Fewer than asked: past the last style, so the next run starts the next lap.
  walk.after = rows.length < limit ? null : rows.at(-1)!.id;
  let deleted = 0;
  for (const { id } of rows) {
    for (const key of await storage.list(samplesPrefix(id))) {
      if (!isUnsignedSample(key)) continue;
      await storage.delete(key);
      deleted++;
    }
  }
  return deleted;
}
