/**
 * The web client's weight and speed (issue 12): a production build's JavaScript per route (goal: the first
 * route under 150 kB gzip); in headless Chromium against a local server on PostgreSQL with a catalogue of
 * ready styles, first contentful paint and time to interactive on the home and style pages (goal < 1.5 s),
 * and Lighthouse's performance (goal ≥ 90) and accessibility (goal ≥ 95) scores there.
 * Lighthouse runs its desktop preset (no simulated phone CPU or network): the goal is "on this machine".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { eq } from 'drizzle-orm';
import { schema } from '@style-license/db';
import { createTestDatabase } from '@style-license/db/testing';
import { createMemoryTransport } from '@style-license/platform/queue';
import { createObjectStorage } from '@style-license/platform/storage';
import { loadServerConfig, startServer } from '@style-license/server';
import { trainingKeys } from '@style-license/shared';
import { median, report } from '../../scripts/bench-report';
import { seedStyles } from '../../server/bench/api-seed';
import { routeSizes } from './bundle-sizes';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 5;
const LIGHTHOUSE_RUNS = 3;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const work = mkdtempSync(join(tmpdir(), 'sl-bench-web-'));
const dist = join(work, 'dist');
await build({ root: WEB, logLevel: 'silent', build: { outDir: dist, emptyOutDir: true, manifest: true } });
const sizes = routeSizes(dist);

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const database = await createTestDatabase();
const config = loadServerConfig({
  NODE_ENV: 'production',
  SINGLE_HOST: 'true',
  LOG_LEVEL: 'silent',
  PORT: String(port),
  DATABASE_URL: database.url,
  STORAGE_DIR: join(work, 'objects'),
  STORAGE_SIGNING_SECRET: 'bench-signing-secret-0123456789',
  DEV_CHECKOUT_SECRET: 'bench-checkout-secret-0123456789',
  GOOGLE_CLIENT_ID: 'bench',
  GOOGLE_CLIENT_SECRET: 'bench',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: 'whsec_bench',
  WEB_DIST_DIR: dist,
  API_RATE_LIMIT: '1000000',
});
const storage = createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });
const server = await startServer(config, { queue: createMemoryTransport({ maxDeliveries: 3 }), storage });
const base = config.PUBLIC_URL;
const styleIds = await seedStyles(database.db, storage, { styles: 40, artists: 8 });
// Real sample pictures (the seed writes placeholders): the pages load and decode what a buyer's would.
const picture = await sharp({
  create: { width: 512, height: 512, channels: 3, background: { r: 120, g: 90, b: 200 } },
})
  .composite([
    {
      input: Buffer.from(
        '<svg width="512" height="512"><circle cx="256" cy="256" r="180" fill="#f4a"/></svg>',
      ),
    },
  ])
  .webp({ quality: 80 })
  .toBuffer();
for (const styleId of styleIds) {
  const versions = await database.db
    .select({ trainingJobId: schema.styleVersions.trainingJobId })
    .from(schema.styleVersions)
    .where(eq(schema.styleVersions.styleId, styleId));
  for (const job of versions)
    for (let n = 0; n < 4; n++)
      await storage.put(trainingKeys(styleId, job.trainingJobId!).sample(n), picture, {
        contentType: 'image/webp',
      });
}

const pages = { home: `${base}/en`, style: `${base}/en/styles/${styleIds[0]}` };

/** FCP from the paint timeline; interactive = load + main thread quiet (no long task for 500 ms). */
async function paintTimes(url: string) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const results: { fcp: number; interactive: number }[] = [];
  let scriptBytes = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      // What a first visit really downloads as JavaScript (compressed, as sent), lazy chunks included.
      const scripts: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        if (request.resourceType() === 'script')
          scripts.push(request.sizes().then((s) => s.responseBodySize));
      });
      await page.addInitScript(() => {
        const w = window as unknown as { __lastLongTaskEnd: number };
        w.__lastLongTaskEnd = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            w.__lastLongTaskEnd = Math.max(w.__lastLongTaskEnd, entry.startTime + entry.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(url, { waitUntil: 'networkidle' });
      await page.waitForTimeout(500);
      results.push(
        await page.evaluate(() => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const quiet = (window as unknown as { __lastLongTaskEnd: number }).__lastLongTaskEnd;
          return { fcp, interactive: Math.max(nav.domContentLoadedEventEnd, quiet, fcp) };
        }),
      );
      if (run === 0) scriptBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    fcp: median(results.map((r) => r.fcp)),
    interactive: median(results.map((r) => r.interactive)),
    scriptBytes,
  };
}

async function lighthouseScores(url: string) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  const runs: {
    performance: number;
    accessibility: number;
    fcp: number;
    tti: number;
    lcp: number;
    tbt: number;
    cls: number;
  }[] = [];
  try {
    for (let run = 0; run < LIGHTHOUSE_RUNS; run++) {
      const result = await lighthouse(
        url,
        { port: chrome.port, logLevel: 'error', onlyCategories: ['performance', 'accessibility'] },
        desktopConfig,
      );
      const lhr = result!.lhr;
      runs.push({
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        fcp: lhr.audits['first-contentful-paint']?.numericValue ?? NaN,
        tti: lhr.audits.interactive?.numericValue ?? NaN,
        lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
        tbt: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
        cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
      });
    }
  } finally {
    chrome.kill();
  }
  return {
    performance: median(runs.map((r) => r.performance)),
    accessibility: median(runs.map((r) => r.accessibility)),
    fcp: median(runs.map((r) => r.fcp)),
    tti: median(runs.map((r) => r.tti)),
    lcp: median(runs.map((r) => r.lcp)),
    tbt: median(runs.map((r) => r.tbt)),
    cls: median(runs.map((r) => r.cls)),
  };
}

const rows: { metric: string; value: string | number }[] = [
  { metric: 'shell JS (entry and its imports), gzip', value: kB(sizes.shellGzip) },
];
for (const route of sizes.routes)
  rows.push({
    metric: `first visit to ${route.page.replace(/^src\/features\//, '')}: JS gzip (route's own)`,
    value: `${kB(route.firstVisitGzip)} (${kB(route.ownGzip)})`,
  });
for (const [name, url] of Object.entries(pages)) {
  const times = await paintTimes(url);
  const scores = await lighthouseScores(url);
  rows.push(
    {
      metric: `${name} page: JavaScript a first visit downloads (compressed, as sent)`,
      value: kB(times.scriptBytes),
    },
    {
      metric: `${name} page: first contentful paint, median of ${RUNS} (Chromium)`,
      value: `${times.fcp.toFixed(0)} ms`,
    },
    {
      metric: `${name} page: interactive, median of ${RUNS} (Chromium)`,
      value: `${times.interactive.toFixed(0)} ms`,
    },
    {
      metric: `${name} page: Lighthouse performance / accessibility (median of ${LIGHTHOUSE_RUNS})`,
      value: `${scores.performance} / ${scores.accessibility}`,
    },
    {
      metric: `${name} page: Lighthouse FCP / TTI`,
      value: `${scores.fcp.toFixed(0)} ms / ${scores.tti.toFixed(0)} ms`,
    },
    {
      metric: `${name} page: Lighthouse LCP / total blocking time / layout shift`,
      value: `${scores.lcp.toFixed(0)} ms / ${scores.tbt.toFixed(0)} ms / ${scores.cls.toFixed(3)}`,
    },
  );
}

await server.close();
await database.dispose();
rmSync(work, { recursive: true, force: true });

const home = sizes.routes.find((r) => r.page.includes('home/HomePage'));
report({
  name: 'Web client: weight, paint and Lighthouse',
  rows,
  notes:
    `Goals: first route < 150 kB gzip (home: ${home ? kB(home.firstVisitGzip) : '?'}); FCP and interactive < 1.5 s; ` +
    'Lighthouse performance ≥ 90 and accessibility ≥ 95. "Interactive" in Chromium: DOMContentLoaded, first ' +
    'paint and the end of the last long task, whichever is last, after the network went idle. Lighthouse: desktop ' +
    'preset, Debian Chromium headless; 40 ready styles by 8 artists, served by the production server on PostgreSQL.',
});
process.exit(0);
