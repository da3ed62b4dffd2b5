/**
 * What must hold after any fault, once the product has recovered, checked from the database and the
 * object store themselves (never from what clients were told):
 * - every generation ended: succeeded, or failed with its tokens refunded;
 * - no token made or lost: each wallet holds its paid purchases − its generations + refunds of failed
 *   ones + its earnings from succeeded ones in its styles, computed from those rows, not the ledger,
 *   and the ledger agrees with the wallet entry by entry (auditLedger);
 * - no event notified twice; no outbox row left unsent;
 * - no unsigned image stored: each succeeded generation's file is the one its license hashed, with the
 *   license in its metadata; a file left by a failed one is signed too.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '@style-license/db';
import type { ObjectStorage } from '@style-license/platform/storage';
import { generationKeys } from '@style-license/shared';
import { auditLedger } from '../../server/src/domains/tokens/ledger';

const rows = async <T>(db: Db, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/**
 * Waits until no generation or training is waiting and the outbox is empty, for as long as that keeps
 * getting closer (gives up after `stallMs` without progress); retries while the database is down.
 */
export async function settle(db: Db, stallMs: number): Promise<{ waiting: number; unsent: number }> {
  let deadline = Date.now() + stallMs;
  let last = { waiting: -1, unsent: -1 };
  for (;;) {
    try {
      const [state] = await rows<{ waiting: number; unsent: number }>(
        db,
        sql`SELECT
              (SELECT count(*)::int FROM generations WHERE status IN ('queued', 'running'))
            + (SELECT count(*)::int FROM training_jobs WHERE status IN ('queued', 'running')) AS waiting,
              (SELECT count(*)::int FROM outbox WHERE sent_at IS NULL) AS unsent`,
      );
      const progressed = last.waiting < 0 || state!.waiting + state!.unsent < last.waiting + last.unsent;
      last = state!;
      if (last.waiting === 0 && last.unsent === 0) return last;
      if (progressed) deadline = Date.now() + stallMs;
    } catch {
      // The database is still coming back.
    }
    if (Date.now() > deadline) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface Report {
  counts: Record<string, number>;
  violations: string[];
}

export async function checkInvariants(db: Db, storage: ObjectStorage): Promise<Report> {
  const violations: string[] = [];
  const counts: Record<string, number> = {};

  const generations = await rows<{
    id: string;
    status: string;
    refunded: number;
    charged: number;
    cost: number;
  }>(
    db,
    sql`SELECT g.id, g.status, g.cost_tokens AS cost,
          coalesce(sum(l.delta) FILTER (WHERE l.kind = 'generation_refund'), 0)::int AS refunded,
          coalesce(-sum(l.delta) FILTER (WHERE l.kind = 'generation_charge'), 0)::int AS charged
        FROM generations g
        LEFT JOIN token_ledger l ON l.reference_type = 'generation' AND l.reference_id = g.id
        GROUP BY g.id`,
  );
  for (const status of ['succeeded', 'failed', 'queued', 'running']) {
    counts[`generations ${status}`] = generations.filter((g) => g.status === status).length;
  }
  for (const g of generations) {
    if (g.status !== 'succeeded' && g.status !== 'failed')
      violations.push(`generation ${g.id} still ${g.status}`);
    if (g.charged !== g.cost) violations.push(`generation ${g.id} charged ${g.charged}, costs ${g.cost}`);
    if (g.status === 'failed' && g.refunded !== g.cost)
      violations.push(`failed generation ${g.id} refunded ${g.refunded}`);
    if (g.status === 'succeeded' && g.refunded !== 0)
      violations.push(`succeeded generation ${g.id} was refunded`);
  }
  counts['generations refunded'] = generations.filter((g) => g.refunded > 0).length;

  const wallets = await rows<{ user_id: string; balance: number; expected: number }>(
    db,
    sql`SELECT w.user_id, w.balance,
          (SELECT coalesce(sum(tokens), 0) FROM purchases p WHERE p.user_id = w.user_id AND p.status = 'paid')
        - (SELECT coalesce(sum(cost_tokens), 0) FROM generations g WHERE g.owner_id = w.user_id)
        + (SELECT coalesce(sum(cost_tokens), 0) FROM generations g WHERE g.owner_id = w.user_id AND g.status = 'failed')
        + (SELECT coalesce(sum(g.cost_tokens), 0) FROM generations g JOIN styles s ON s.id = g.style_id
             WHERE s.artist_id = w.user_id AND g.status = 'succeeded')
        + (SELECT coalesce(sum(delta), 0) FROM token_ledger l WHERE l.user_id = w.user_id AND l.kind = 'adjustment')
          AS expected
        FROM wallets w`,
  );
  counts.wallets = wallets.length;
  for (const w of wallets) {
    if (Number(w.expected) !== w.balance)
      violations.push(`wallet ${w.user_id} holds ${w.balance}, expected ${w.expected}`);
  }
  for (const broken of await auditLedger(db))
    violations.push(`ledger of ${broken.userId}: ${JSON.stringify(broken)}`);
  const [purchases] = await rows<{ paid: number; unpaid: number; credited: number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE status = 'paid')::int AS paid, count(*) FILTER (WHERE status <> 'paid')::int AS unpaid,
          (SELECT count(*)::int FROM token_ledger WHERE kind = 'purchase') AS credited
        FROM purchases`,
  );
  Object.assign(counts, { 'purchases paid': purchases!.paid, 'purchases not paid': purchases!.unpaid });
  if (purchases!.credited !== purchases!.paid) {
    violations.push(`${purchases!.credited} purchase credits for ${purchases!.paid} paid purchases`);
  }

  const [notifications] = await rows<{ total: number; duplicates: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM notifications) AS total,
          (SELECT coalesce(sum(n - 1), 0)::int FROM
            (SELECT count(*) AS n FROM notifications GROUP BY user_id, type, payload HAVING count(*) > 1) d) AS duplicates`,
  );
  counts.notifications = notifications!.total;
  counts['duplicate notifications'] = notifications!.duplicates;
  if (notifications!.duplicates > 0) violations.push(`${notifications!.duplicates} duplicate notifications`);
  const [social] = await rows<{ likes: number; comments: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM likes) AS likes, (SELECT count(*)::int FROM comments) AS comments`,
  );
  Object.assign(counts, social);

  const [outbox] = await rows<{ unsent: number; sent: number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent FROM outbox`,
  );
  Object.assign(counts, { 'outbox sent': outbox!.sent, 'outbox unsent': outbox!.unsent });
  if (outbox!.unsent > 0) violations.push(`${outbox!.unsent} outbox rows unsent`);

  Object.assign(counts, await checkImages(db, storage, violations));
  return { counts, violations };
}

/** Every stored image of these generations is signed; a succeeded one's is exactly its license's file. */
async function checkImages(db: Db, storage: ObjectStorage, violations: string[]) {
  const licensed = await rows<{
    id: string;
    status: string;
    license_id: string | null;
    file_sha256: string | null;
  }>(
    db,
    sql`SELECT g.id, g.status, l.id AS license_id, l.file_sha256
        FROM generations g LEFT JOIN licenses l ON l.generation_id = g.id`,
  );
  let stored = 0;
  let leftOver = 0;
  for (const g of licensed) {
    const key = generationKeys(g.id).image;
    const file = (await storage.head(key)) ? await storage.get(key) : null;
    if (g.status === 'succeeded' && !file)
      violations.push(`succeeded generation ${g.id} has no stored image`);
    if (!file) continue;
    stored += 1;
    const xmp = (await sharp(file).metadata()).xmp?.toString('utf8') ?? '';
    const signed = /LicenseId>[0-9a-f-]{36}</.test(xmp);
    if (!signed) violations.push(`stored image of ${g.id} carries no license`);
    if (g.status === 'succeeded') {
      const sha256 = createHash('sha256').update(file).digest('hex');
      if (sha256 !== g.file_sha256)
        violations.push(`stored image of ${g.id} is not the file its license hashed`);
      if (!xmp.includes(`LicenseId>${g.license_id}<`))
        violations.push(`stored image of ${g.id} names another license`);
    } else {
      leftOver += 1;
    }
  }
  return { 'images stored': stored, 'images of failed generations': leftOver };
}
