import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import {
  generationHandler,
  quiltEngine,
  signGeneratedImage,
  type StyleEngine,
} from '@style-license/gpu-worker';
import { GENERATION_JOB_TYPES } from '@style-license/shared';
import { becomeArtist, buyTokens, client, generate, signIn, trainStyle } from '../../scripts/journey';
import { auditLedger } from '../src/domains/tokens/ledger';
import { fileXmp } from '../../gpu-worker/test/xmp-strict';
import { realServicesEnv, startTestServer, startTestWorker } from './support';
import { currentVersionOf } from '../src/domains/styles/versions';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const env = {
  ...realServicesEnv(),
  OUTBOX_POLL_MS: '50',
  GENERATION_RATE_LIMIT: '1000',
  SIGNIN_RATE_LIMIT: '1000',
  API_RATE_LIMIT: '100000',
};

/** Buy, generate, sign, license, deliver — on PostgreSQL, RabbitMQ and the S3-compatible server. */
describe('generation end to end', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    expect(await auditLedger(database.db)).toEqual([]);
    await database?.dispose();
  });

  async function artistWithStyle(base: string, who: string) {
    const api = await signIn(base, { name: who, email: `${randomUUID().slice(0, 8)}@example.test` });
    await becomeArtist(api);
    await buyTokens(base, api, 'tokens_500');
    return { api, styleId: await trainStyle(api, `${who}'s style`) };
  }

  it('buys, generates, downloads a signed PNG with license metadata; nothing unsigned is stored', async () => {
    const server = await startTestServer(env, { database });
    const worker = await startTestWorker(env);
    try {
      const { api, styleId } = await artistWithStyle(server.base, 'Mina Park');
      const made = await generate(api, styleId, { tags: ['portrait'] });
      const { url, licenseId } = await api.call<{ url: string; licenseId: string }>('generation.download', {
        generationId: made.id,
      });
      const file = Buffer.from(await (await fetch(url)).arrayBuffer());

      // Rebuild the same image and sign it by the rules: the delivered file is exactly that.
      const [row] = await database.db
        .select()
        .from(schema.generations)
        .where(eq(schema.generations.id, made.id));
      const [style] = await database.db.select().from(schema.styles).where(eq(schema.styles.id, styleId));
      const [profile] = await database.db
        .select()
        .from(schema.artistProfiles)
        .where(eq(schema.artistProfiles.userId, style!.artistId));
      const model = (await currentVersionOf(database.db, styleId))!;
      const artifact = await worker.storage.get(model.artifactKey);
      const unsigned = await quiltEngine.generate(artifact, {
        styleId,
        text: row!.promptText,
        tags: row!.promptTags,
        seed: row!.seed,
      });
      // Signed with the license as verification states it: the file must be exactly that.
      const issued = await api.call<Record<string, string | number>>('licenses.verify', { licenseId }, true);
      expect(issued).toMatchObject({
        genuine: true,
        artistId: style!.artistId,
        artistName: 'Mina Park',
        styleName: style!.name,
        styleVersion: model.version,
        termsVersion: 2,
      });
      const expected = await signGeneratedImage({
        image: unsigned,
        signature: await worker.storage.get(profile!.signatureKey),
        meta: {
          licenseId,
          licenseUrl: `${server.base}/licenses/${licenseId}`,
          termsVersion: 2,
          artistId: style!.artistId,
          artistName: 'Mina Park',
          styleId,
          styleName: style!.name,
          styleVersion: model.version,
          engine: model.engine,
          licenseeId: String(issued.licenseeId),
          licenseeName: String(issued.licenseeName),
          year: row!.createdAt.getUTCFullYear(),
        },
      });
      expect((await fileXmp(file)).properties).toEqual((await fileXmp(expected.png)).properties);
      expect(((await fileXmp(file)).properties['xmpRights:UsageTerms'] as Record<string, string>).en).toBe(
        issued.terms,
      );
      const [got, want, bare] = await Promise.all(
        [file, expected.png, unsigned].map((b) => sharp(b).removeAlpha().raw().toBuffer()),
      );
      expect(got!.equals(want!)).toBe(true);
      expect(got!.equals(bare!)).toBe(false); // the signature is really there

      const meta = await sharp(file).metadata();
      expect(meta.exif?.toString('latin1')).toContain('Mina Park');
      const xmp = meta.xmp?.toString('utf8') ?? '';
      expect(xmp).toContain(licenseId);
      expect(xmp).toContain(`${server.base}/licenses/${licenseId}`);

      const stored = await worker.storage.list('generations/');
      expect(stored.filter((k) => k.includes(made.id)).sort()).toEqual([
        `generations/${made.id}.png`,
        `generations/${made.id}.webp`,
      ]);
      const verification = await api.call<{ genuine: boolean }>(
        'licenses.verify',
        { fileBase64: file.toString('base64') },
        true,
      );
      expect(verification.genuine).toBe(true);
      const reencoded = await sharp(file).png({ compressionLevel: 1 }).toBuffer();
      const cropped = await sharp(file)
        .extract({ left: 0, top: 0, width: 500, height: 500 })
        .png()
        .toBuffer();
      // Edited copies no longer match the file's hash, but the invisible mark still names the license.
      for (const copy of [reencoded, cropped]) {
        const result = await api.call<{ genuine: boolean; licenseId: string; evidence: unknown }>(
          'licenses.verify',
          { fileBase64: copy.toString('base64') },
          true,
        );
        expect(result).toMatchObject({
          genuine: true,
          licenseId,
          evidence: { by: 'license_mark', exactFile: false },
        });
      }
    } finally {
      await worker.stop();
      await server.stop();
    }
  }, 180_000);

  it('an engine failing permanently: failed after 3 attempts, refunded once, notified once', async () => {
    const server = await startTestServer(env, { database });
    const trainer = await startTestWorker(env);
    const { api, styleId } = await artistWithStyle(server.base, 'Broken Engine').finally(() =>
      trainer.stop(),
    );
    let calls = 0;
    const broken: StyleEngine = {
      ...quiltEngine,
      generate: async () => {
        calls++;
        throw new Error('GPU fell off the bus (simulated)');
      },
    };
    const worker = await startTestWorker(env, {
      [GENERATION_JOB_TYPES.requested]: generationHandler(broken),
    });
    try {
      const before = await api.call<{ balance: number }>('tokens.balance');
      const created = await api.call<{ id: string }>(
        'generation.create',
        {
          styleId,
          expectedPriceTokens: 5,
          promptTags: ['portrait'],
          text: 'doomed',
          idempotencyKey: randomUUID(),
        },
        true,
      );
      const end = Date.now() + 60_000;
      let status = 'queued';
      while (status !== 'failed' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await api.call<{ status: string }>('generation.get', { generationId: created.id })).status;
      }
      expect(status).toBe('failed');
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).toBe(3);
      expect((await api.call<{ balance: number }>('tokens.balance')).balance).toBe(before.balance);
      const refunds = await database.db
        .select()
        .from(schema.tokenLedger)
        .where(eq(schema.tokenLedger.referenceId, created.id));
      expect(refunds.map((e) => e.kind).sort()).toEqual(['generation_charge', 'generation_refund']);
      const notes = (await api.call<{ items: { type: string }[] }>('notifications.list', {})).items;
      expect(notes.filter((n) => n.type === 'image_generation_failed')).toHaveLength(1);
      expect(await worker.storage.list(`generations/${created.id}`)).toEqual([]);
    } finally {
      await worker.stop();
      await server.stop();
    }
  }, 180_000);

  it('worker killed mid-generation and the server restarted mid-flight: each ends succeeded or refunded', async () => {
    let server = await startTestServer(env, { database });
    const setupWorker = await startTestWorker(env);
    const { api, styleId } = await artistWithStyle(server.base, 'Restart Artist').finally(() =>
      setupWorker.stop(),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'gpu-worker/src/main.ts'], {
      cwd: ROOT,
      // WORKER_HTTP_PORT 0: any free port for its probe listener, as test files run side by side.
      env: { ...process.env, ...env, NODE_ENV: 'production', LOG_LEVEL: 'warn', WORKER_HTTP_PORT: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await api.call<{ id: string }>(
        'generation.create',
        {
          styleId,
          expectedPriceTokens: 5,
          promptTags: ['portrait'],
          text: `n${i}`,
          idempotencyKey: randomUUID(),
        },
        true,
      );
      ids.push(created.id);
    }
    // Kill the worker without clean-up while work is in flight, then restart the server too.
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await server.stop();
    server = await startTestServer(env, { database });
    const worker = await startTestWorker(env);
    try {
      const again = client(server.base, api.browser);
      const end = Date.now() + 90_000;
      let rows: (typeof schema.generations.$inferSelect)[] = [];
      while (Date.now() < end) {
        rows = await database.db.select().from(schema.generations).where(inArray(schema.generations.id, ids));
        if (rows.every((r) => r.status === 'succeeded' || r.status === 'failed')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(rows.map((r) => r.status).every((s) => s === 'succeeded' || s === 'failed')).toBe(true);
      const ledger = await database.db
        .select()
        .from(schema.tokenLedger)
        .where(inArray(schema.tokenLedger.referenceId, ids));
      for (const row of rows) {
        const entries = ledger.filter((e) => e.referenceId === row.id);
        expect(entries.filter((e) => e.kind === 'generation_charge')).toHaveLength(1);
        const refunds = entries.filter((e) => e.kind === 'generation_refund');
        expect(refunds).toHaveLength(row.status === 'failed' ? 1 : 0);
        if (row.status === 'succeeded') {
          const [license] = await database.db
            .select()
            .from(schema.licenses)
            .where(eq(schema.licenses.generationId, row.id));
          expect(license).toBeDefined();
        }
      }
      expect((await again.call<{ items: unknown[] }>('generation.mine', {})).items.length).toBe(6);
    } finally {
      await worker.stop();
      await server.stop();
    }
  }, 240_000);
});
