/**
 * The upload queue on disk: one JSON file in the app data folder, replaced whole by writing a temp file
 * and renaming it over (a crash leaves the old or the new file, never half of one). Writes are
 * serialised and coalesced: however many changes come in, at most one write runs and one waits.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * waiting: needs a link · linked: has one, bytes not sent · uploaded: bytes sent, needs a confirm ·
 * accepted / refused / failed: done (failed ones can be put back in line).
 */
export const ITEM_STATES = ['waiting', 'linked', 'uploaded', 'accepted', 'refused', 'failed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

const itemSchema = z.object({
  /** `${styleId}:${sha256}`: one entry per content per style, whatever its path. */
  key: z.string(),
  imageId: z.string(),
  styleId: z.string(),
  path: z.string(),
  fileName: z.string(),
  byteSize: z.number().int().positive(),
  sha256: z.string(),
  tags: z.array(z.string()),
  state: z.enum(ITEM_STATES),
  link: z.object({ url: z.string(), uploadToken: z.string(), expiresAt: z.number() }).nullable(),
  /** A confirm for this link was sent: if its answer never came, the server may hold the image already. */
  confirmSent: z.boolean(),
  /** New links asked for after one expired or lost its bytes: bounded, so a broken store cannot loop. */
  relinks: z.number().int().nonnegative(),
  rule: z.string().nullable(),
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
  warning: z.string().nullable(),
  /** The server already held these bytes for the style (an earlier run, or a lost confirm). */
  alreadyThere: z.boolean(),
  serverImageId: z.string().nullable(),
});
export type QueueItem = z.infer<typeof itemSchema>;

const fileSchema = z.object({ version: z.literal(1), items: z.array(itemSchema) });

/** The items saved at `path`; none when there is no file yet. A damaged file is an error, not data loss. */
export async function loadQueueFile(path: string): Promise<QueueItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return fileSchema.parse(JSON.parse(text)).items;
}

export async function writeQueueFile(path: string, items: readonly QueueItem[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, JSON.stringify({ version: 1, items }));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Saves the latest snapshot: `save()` resolves once a write that started after the call has ended. */
export function createQueueWriter(path: string, snapshot: () => readonly QueueItem[]) {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const writeNow = (): Promise<void> =>
    (running = writeQueueFile(path, snapshot()).finally(() => (running = null)));

  function save(): Promise<void> {
    // A queued write has not taken its snapshot yet: it will include this change.
    if (next) return next;
    if (!running) return writeNow();
    // One more write after the running one covers every change made until it starts.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return writeNow();
      });
    return next;
  }
  return { save };
}
