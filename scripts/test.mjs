// `npm test`: installs what is missing, runs the static checks, finds or starts PostgreSQL, RabbitMQ
// and an S3-compatible server, runs every vitest suite against them, stops what it started, and
// closes with one line: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, ensureInstalled, ensureStudioRendererBuilt, ensureWebBuilt } from './lib/setup.mjs';

const log = (message) => console.log(`[test] ${message}`);
const args = process.argv.slice(2); // extra arguments go to vitest, e.g. `npm test -- server/`

ensureInstalled(log);
ensureWebBuilt(log);
ensureStudioRendererBuilt(log);

const counts = { passed: 0, failed: 0, skipped: 0 };
const check = (name, command, commandArgs) => {
  log(`${name}…`);
  const ok = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit' }).status === 0;
  counts[ok ? 'passed' : 'failed'] += 1;
  if (!ok) log(`${name} FAILED`);
};
if (args.length === 0) {
  check('typecheck', 'npm', ['run', 'typecheck', '--silent']);
  check('lint', 'npm', ['run', 'lint', '--silent']);
}

const { startPostgres } = await import('./services/postgres.mjs');
const { startRabbitMQ } = await import('./services/rabbitmq.mjs');
const { startS3 } = await import('./services/s3.mjs');
const { startAll, stopAll } = await import('./services/lifecycle.mjs');
const { ensureChromium } = await import('./services/chromium.mjs');
const { ensurePythonEnv, runPytest } = await import('./services/python.mjs');
const { ensureNode, NEWEST_LTS } = await import('./services/node-lts.mjs');

// Line coverage (vitest.config.ts) on a full run, or on any run with TEST_COVERAGE=1; a filtered run
// stays fast without it. A full run fails when a package is below its target (the spec's test strategy).
const coverage = args.length === 0 || process.env.TEST_COVERAGE === '1';
const COVERAGE_TARGETS = { server: 80, 'gpu-worker': 80, web: 70 };
const COVERAGE_SUMMARY = join(ROOT, 'coverage', 'coverage-summary.json');

/** Prints lines covered per package from vitest's JSON summary; on a full run, counts a failure per miss. */
function reportCoverage() {
  if (!existsSync(COVERAGE_SUMMARY)) {
    log('coverage: vitest wrote no coverage/coverage-summary.json');
    if (args.length === 0) counts.failed += 1;
    return;
  }
  const packages = new Map();
  for (const [file, { lines }] of Object.entries(JSON.parse(readFileSync(COVERAGE_SUMMARY, 'utf8')))) {
    if (file === 'total') continue;
    const name = relative(ROOT, file).split('/')[0];
    const sum = packages.get(name) ?? { total: 0, covered: 0 };
    packages.set(name, { total: sum.total + lines.total, covered: sum.covered + lines.covered });
  }
  const rows = [...packages].sort(([a], [b]) => a.localeCompare(b));
  log('coverage of lines per package (code run in child processes or in Chromium is not measured):');
  console.log(`  ${'package'.padEnd(12)}${'lines'.padStart(8)}${'target'.padStart(8)}  result`);
  const below = [];
  for (const [name, { total, covered }] of rows) {
    const percent = total === 0 ? 100 : (100 * covered) / total;
    const target = COVERAGE_TARGETS[name];
    const ok = target === undefined || percent >= target;
    if (!ok) below.push(name);
    const cells = [percent.toFixed(1).padStart(7) + '%', (target ? `${target}%` : '—').padStart(8)];
    console.log(`  ${name.padEnd(12)}${cells.join('')}  ${target ? (ok ? 'ok' : 'BELOW') : ''}`.trimEnd());
  }
  if (below.length === 0) return;
  if (args.length === 0) {
    log(`coverage below target (${below.join(', ')}): the run FAILS`);
    counts.failed += below.length;
  } else log(`coverage below target (${below.join(', ')}); a filtered run measures only part of the suite`);
}

/**
 * One vitest run under `node` (a path), adding its results to `counts`; its exit status. Asynchronous,
 * so that this process still answers signals (and stops the services) while vitest runs.
 */
async function runVitest(node, vitestArgs, env) {
  const reportDir = mkdtempSync(join(tmpdir(), 'sl-report-'));
  const report = join(reportDir, 'vitest.json');
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const runArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  const child = spawn(node, [vitest, ...runArgs, ...vitestArgs], { cwd: ROOT, stdio: 'inherit', env });
  const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  try {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    counts.passed += summary.numPassedTests;
    counts.failed += summary.numFailedTests;
    counts.skipped += summary.numPendingTests + summary.numTodoTests;
    // A suite that fails to load has no failed tests but must still fail the run.
    if (summary.numFailedTestSuites > 0 && summary.numFailedTests === 0)
      counts.failed += summary.numFailedTestSuites;
  } catch {
    log(`vitest wrote no report (exit ${status})`);
    counts.failed += 1;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  return status;
}

// The diffusers engine's Python environment (gigabytes once per machine, then instant): its own tests
// run first, and the TypeScript suites that drive real Python processes get its interpreter.
let python;
try {
  python = ensurePythonEnv(log);
} catch (error) {
  log(`python: ${error.message}; the diffusers engine's tests will fail`);
  counts.failed += 1;
}
if (python && (args.length === 0 || args.some((a) => a.includes('gpu-worker/python')))) {
  log('python tests (pytest)…');
  const result = runPytest(python);
  for (const key of ['passed', 'failed', 'skipped']) counts[key] += result[key];
  if (result.failed > 0) log('python tests FAILED');
}

let services = {};
let exitCode = 1;
// Only the browser journeys need Chromium: without it the other suites still run, and those journeys
// fail naming why. Installed while the services start; awaited in `finally` so that an exit never
// interrupts apt halfway.
const chromium = ensureChromium({ log }).catch((error) => {
  log(`Chromium: ${error.message}; the browser journeys will fail`);
  return undefined;
});
try {
  services = await startAll({
    postgres: () => startPostgres({ log }),
    rabbit: () => startRabbitMQ({ log }),
    s3: () => startS3({ log }),
  });
  const { postgres, rabbit, s3 } = services;
  const chromiumPath = await chromium;
  const env = {
    ...process.env,
    ...(chromiumPath ? { CHROMIUM_PATH: chromiumPath } : {}),
    ...(python ? { TEST_PYTHON: python } : {}),
    NODE_ENV: 'test',
    TEST_DATABASE_URL: postgres.url,
    TEST_AMQP_URL: rabbit.url,
    TEST_S3_ENDPOINT: s3.endpoint,
    TEST_S3_BUCKET: s3.bucket,
    TEST_S3_REGION: s3.region,
    TEST_S3_ACCESS_KEY_ID: s3.accessKeyId,
    TEST_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
  // With a filter, matching no vitest file is fine (`npm test -- gpu-worker/python` runs pytest alone).
  const filtered = args.length > 0 ? ['--passWithNoTests'] : [];
  // Coverage from this first run only: the second one below repeats suites on another Node.
  const measured = coverage ? ['--coverage.enabled'] : [];
  if (coverage) rmSync(COVERAGE_SUMMARY, { force: true });
  // On a full run the scale-out project (several server and worker processes, services restarted under
  // them) runs after the others, alone: side by side they would starve each other's timings on 2 cores.
  const alone = args.length === 0 ? ['--project', '!scale-out'] : [];
  const statuses = [await runVitest(process.execPath, [...filtered, ...measured, ...alone, ...args], env)];
  if (args.length === 0) {
    log('scale-out and fault suites…');
    statuses.push(await runVitest(process.execPath, ['--project', 'scale-out'], env));
  }
  // A full run also takes the server's and worker's suites through the newest LTS line (package.json's
  // engines): the code must not lean on one Node's behaviour. TEST_NEWEST_LTS=0 skips it.
  if (args.length === 0 && process.env.TEST_NEWEST_LTS !== '0') {
    let newest = null;
    try {
      newest = ensureNode(NEWEST_LTS, { log });
    } catch (error) {
      log(`node ${NEWEST_LTS}: ${error.message}`);
      counts.failed += 1;
    }
    if (newest) {
      log(`server and worker suites on node ${NEWEST_LTS}…`);
      statuses.push(await runVitest(newest, ['--project', 'node', 'server/', 'gpu-worker/'], env));
    }
  }
  if (coverage) reportCoverage();
  const result = { status: statuses.every((status) => status === 0) ? 0 : 1 };
  exitCode = counts.failed === 0 && result.status === 0 ? 0 : 1;
} catch (error) {
  log(`could not run the suites: ${error?.stack ?? error}`);
  counts.failed += 1;
} finally {
  await chromium;
  for (const error of await stopAll(Object.values(services))) log(`could not stop a service: ${error}`);
}
console.log(
  `\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
);
process.exit(exitCode);
