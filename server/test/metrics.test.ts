// The server's Prometheus metrics as a scraper reads them: GET /metrics behind its token, procedure
// latency and error codes, the outbox backlog, refunds and sweeps through the real server, quiet probes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { GENERATION_JOB_TYPES, QUEUES } from '@style-license/shared';
import { buildApp } from '../src/app';
import { enqueue } from '../src/messaging/outbox';
import { createServerMetrics } from '../src/metrics/server-metrics';
import { sweepOnce } from '../src/sweeps';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { labelValues, sampleSum } from './metrics-support';
import { callTrpc, createTestDeps, signInAs, startTestServer, waitFor, type TestServerDeps } from './support';

const TOKEN = 'metrics-token-for-tests-0123456789';
const scrapeHeaders = { authorization: `Bearer ${TOKEN}` };

describe('GET /metrics and what it counts (one app)', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { METRICS_TOKEN: TOKEN } });
    app = await buildApp({ ...deps, metrics: createServerMetrics({ database: deps.database }) });
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const scrape = async () => {
    const res = await app.inject({ url: '/metrics', headers: scrapeHeaders });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('refuses a scrape without the token or with a wrong one, and serves it with the token', async () => {
    const none = await app.inject('/metrics');
    expect([none.statusCode, none.json().code]).toEqual([401, 'UNAUTHORIZED']);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body).not.toContain('trpc_errors_total');
    const wrong = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({ url: '/metrics', headers: scrapeHeaders });
    expect(right.statusCode).toBe(200);
    expect(right.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(right.body).toContain('# TYPE trpc_procedure_duration_seconds histogram');
    // Closed sets start at 0, so the first error is a visible increase.
    expect(right.body).toMatch(/^trpc_errors_total\{code="CONFLICT"\} 0$/m);
  });

  it('times calls by procedure and type, and counts errors by code, without inventing labels', async () => {
    const before = await scrape();
    expect((await callTrpc(app, 'health.check')).status).toBe(200);
    expect((await callTrpc(app, 'health.check')).status).toBe(200);
    const refused = await callTrpc(app, 'tokens.balance');
    expect(refused.error?.data.code).toBe('UNAUTHORIZED');
    const unknown = await callTrpc(app, `nope.${randomUUID()}`);
    expect(unknown.error?.data.code).toBe('NOT_FOUND');
    // A cross-site POST is refused before tRPC runs (trpc-route.ts), and is still an API error.
    const forged = await app.inject({ method: 'POST', url: '/trpc/tokens.balance', payload: {} });
    expect(forged.statusCode).toBe(403);

    const after = await scrape();
    const count = (text: string, labels: Record<string, string>) =>
      sampleSum(text, 'trpc_procedure_duration_seconds_count', labels);
    const ok = { procedure: 'health.check', type: 'query', outcome: 'ok' };
    expect(count(after, ok) - count(before, ok)).toBe(2);
    const failed = { procedure: 'tokens.balance', type: 'query', outcome: 'error' };
    expect(count(after, failed) - count(before, failed)).toBe(1);
    const errors = (text: string, code: string) => sampleSum(text, 'trpc_errors_total', { code });
    expect(errors(after, 'UNAUTHORIZED') - errors(before, 'UNAUTHORIZED')).toBe(1);
    expect(errors(after, 'NOT_FOUND') - errors(before, 'NOT_FOUND')).toBe(1);
    expect(errors(after, 'FORBIDDEN') - errors(before, 'FORBIDDEN')).toBe(1);
    // Only real procedures and route patterns are labels: never the made-up path or a raw URL.
    expect(labelValues(after, 'trpc_procedure_duration_seconds', 'procedure')).toEqual([
      'health.check',
      'tokens.balance',
    ]);
    expect(labelValues(after, 'http_request_duration_seconds', 'route')).toEqual(['/metrics', '/trpc/:path']);
  });

  it('reports the unsent outbox rows and the age of the oldest', async () => {
    const { db } = deps.database;
    const ids = await Promise.all(
      [1, 2, 3].map(() => enqueue(db, { queue: 'metrics-test', type: 'metrics.test', payload: {} })),
    );
    await db
      .update(schema.outbox)
      .set({ createdAt: new Date(Date.now() - 90_000) })
      .where(eq(schema.outbox.id, ids[0]!));
    const three = await scrape();
    expect(sampleSum(three, 'outbox_backlog')).toBe(3);
    expect(sampleSum(three, 'outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(89);

    await db
      .update(schema.outbox)
      .set({ sentAt: new Date() })
      .where(inArray(schema.outbox.id, ids.slice(0, 2)));
    const one = await scrape();
    expect(sampleSum(one, 'outbox_backlog')).toBe(1);
    expect(sampleSum(one, 'outbox_oldest_unsent_age_seconds')).toBeLessThan(60);
  });

  it('logs no probe or scrape at info, and logs other requests under `requestId`', async () => {
    const quiet = [
      await app.inject('/healthz'),
      await app.inject('/readyz'),
      await app.inject({ url: '/metrics', headers: scrapeHeaders }),
    ];
    const api = await app.inject('/trpc/health.check');
    const linesOf = (id: unknown) => deps.captured.lines.filter((line) => line.requestId === id);
    for (const res of quiet) expect(linesOf(res.headers['x-request-id'])).toEqual([]);
    expect(linesOf(api.headers['x-request-id']).map((line) => line.msg)).toContain('request completed');
    expect(deps.captured.lines.some((line) => 'reqId' in line)).toBe(false);
  });
});

describe('without METRICS_TOKEN', () => {
  it('does not serve /metrics at all: a 404, not the web page', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sl-metrics-web-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    const deps = await createTestDeps({ env: { WEB_DIST_DIR: dist } });
    const app = await buildApp(deps);
    try {
      expect((await app.inject('/some/client/route')).statusCode).toBe(200);
      const res = await app.inject({ url: '/metrics', headers: scrapeHeaders });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('<!doctype html>');
    } finally {
      await app.close();
      await deps.dispose();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('refunds and sweeps, through a running server', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN, GENERATION_RATE_LIMIT: '1000' });
  });
  afterAll(() => server.stop());

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: scrapeHeaders });
    expect(res.status).toBe(200);
    return res.text();
  };

  async function buy() {
    const { style } = await readyStyle(server.deps);
    const buyer = await buyerWith(server.deps, 30);
    const res = await callTrpc(server.app, 'generation.create', {
      input: generationInput(style),
      mutation: true,
      headers: buyer.browser,
    });
    expect(res.status).toBe(200);
    return { id: (res.data as { id: string }).id, requestId: res.headers['x-request-id'] };
  }

  it('counts a refund for a failure a worker reports, once, however often the event comes', async () => {
    const { id, requestId } = await buy();
    // The job carries the id of the request that bought it, so the worker logs it under `requestId`.
    const [job] = await server.db
      .select({ requestId: schema.outbox.requestId })
      .from(schema.outbox)
      .where(eq(schema.outbox.type, GENERATION_JOB_TYPES.requested));
    expect(job?.requestId).toBe(requestId);

    const event = {
      id: randomUUID(),
      type: GENERATION_JOB_TYPES.failed,
      createdAt: new Date().toISOString(),
      payload: { generationId: id, code: 'processing_failed', detail: 'engine crashed' },
    };
    await server.deps.queue.publish(QUEUES.jobEvents, event);
    const refunds = (text: string, reason: string) => sampleSum(text, 'refunds_total', { reason });
    await waitFor(async () => refunds(await scrape(), 'processing_failed') === 1, 20_000, 'the refund');
    // The same message again (a redelivery) and a second failure event for the ended generation.
    await server.deps.queue.publish(QUEUES.jobEvents, event);
    await server.deps.queue.publish(QUEUES.jobEvents, { ...event, id: randomUUID() });
    await waitFor(
      () => server.captured.lines.some((l) => l.msg === 'failure for no waiting generation ignored'),
      20_000,
      'the late failure to be handled',
    );
    expect(refunds(await scrape(), 'processing_failed')).toBe(1);
  });

  /** A training job last heard of `minutes` ago. */
  async function trainingJob(status: 'queued' | 'running', minutes: number) {
    const { user } = await signInAs(server.deps, { role: 'artist' });
    const [style] = await server.db
      .insert(schema.styles)
      .values({ artistId: user.id, name: 'Swept', priceTokens: 5, status: 'training' })
      .returning();
    await server.db.insert(schema.trainingJobs).values({
      styleId: style!.id,
      engine: 'quilt',
      status,
      lastEventAt: new Date(Date.now() - minutes * 60_000),
    });
  }

  it('counts what the sweeper ends, and the refunds of overdue generations', async () => {
    await buy();
    await trainingJob('running', 45); // silent past TRAINING_STALL_SECONDS (30 min)
    await trainingJob('queued', 25 * 60); // untaken past TRAINING_QUEUE_TIMEOUT_SECONDS (a day)
    const metrics = server.deps.metrics!;
    const before = await scrape();
    const later = Date.now() + (server.deps.config.GENERATION_DEADLINE_SECONDS + 60) * 1000;
    const swept = await sweepOnce({ ...server.deps, metrics }, later);
    expect(swept).toEqual({ stalled: 1, notStarted: 1, expired: 1 });
    const after = await scrape();
    const actions = (text: string, action: string) => sampleSum(text, 'sweeper_actions_total', { action });
    for (const action of ['generation_expired', 'training_stalled', 'training_not_started'])
      expect(actions(after, action) - actions(before, action), action).toBe(1);
    const expired = (text: string) => sampleSum(text, 'refunds_total', { reason: 'expired' });
    expect(expired(after) - expired(before)).toBe(1);
    // The process's own metrics are in this server's registry too.
    expect(after).toContain('process_cpu_seconds_total');
  });
});
