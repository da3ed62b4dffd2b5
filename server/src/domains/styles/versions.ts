/**
 * A style's model versions. Each succeeded training run adds the next one (1, 2, …), written once and
 * never changed; the style sells its current version, so a retrain never takes it off the market and a
 * failed one never takes away what was on sale. Generations record the version they were made with.
 */
import { and, eq, max } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { Engine } from '@style-license/shared';

const { styleVersions, styles } = schema;

/** Adds the style's next version; the caller holds the style's row lock, so numbers never collide. */
export async function recordVersion(
  tx: Db,
  run: {
    styleId: string;
    trainingJobId: string | null;
    engine: Engine;
    artifactKey: string;
    sampleKeys?: string[] | null;
  },
): Promise<number> {
  const [{ latest } = { latest: null }] = await tx
    .select({ latest: max(styleVersions.version) })
    .from(styleVersions)
    .where(eq(styleVersions.styleId, run.styleId));
  const version = (latest ?? 0) + 1;
  await tx.insert(styleVersions).values({ ...run, version });
  return version;
}

/**
 * The version on sale, with its model (what a purchase right now is made with) and the run that trained
 * it and its samples (both null for models trained before versions were recorded).
 */
export async function currentVersionOf(db: Db, styleId: string) {
  const [current] = await db
    .select({
      version: styleVersions.version,
      engine: styleVersions.engine,
      artifactKey: styleVersions.artifactKey,
      trainingJobId: styleVersions.trainingJobId,
      sampleKeys: styleVersions.sampleKeys,
    })
    .from(styles)
    .innerJoin(
      styleVersions,
      and(eq(styleVersions.styleId, styles.id), eq(styleVersions.version, styles.currentVersion)),
    )
    .where(eq(styles.id, styleId));
  return current ?? null;
}
