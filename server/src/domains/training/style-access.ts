// Loads a style for its artist: NOT_FOUND when it does not exist, FORBIDDEN when it is someone else's.
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError } from '@style-license/shared';
import { hasLiveRun } from './runs';

export type StyleRow = typeof schema.styles.$inferSelect;

export async function loadOwnStyle(
  db: Db,
  artistId: string,
  styleId: string,
  lock = false,
): Promise<StyleRow> {
  const query = db.select().from(schema.styles).where(eq(schema.styles.id, styleId));
  const [style] = lock ? await query.for('update') : await query;
  if (!style) throw new AppError('NOT_FOUND', 'No such style');
  if (style.artistId !== artistId) throw new AppError('FORBIDDEN', 'This style belongs to another artist');
  return style;
}

/**
 * Training images can change only while no training run is live (a retrain of a ready style included:
 * the run trains on the set as submitted) and the style is not archived.
 */
export async function assertEditableImages(db: Db, style: StyleRow): Promise<void> {
  if (style.status === 'queued' || style.status === 'training' || style.status === 'archived') {
    throw new AppError('CONFLICT', `The style is ${style.status}; its images cannot change now`);
  }
  if (await hasLiveRun(db, style.id)) {
    throw new AppError('CONFLICT', 'The style is being retrained; its images cannot change now');
  }
}
