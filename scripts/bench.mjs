// `npm run bench`: starts the services benchmarks need (PostgreSQL with fsync on, RabbitMQ), runs every
// `*/bench/*.bench.ts` one after another (never in parallel: machines here are small and noisy), and
// writes docs/BENCHMARKS.md with the machine they ran on.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureInstalled } from './lib/setup.mjs';

const log = (m) => console.log(`[bench] ${m}`);
ensureInstalled(log);
const { startPostgres } = await import('./services/postgres.mjs');
const { startRabbitMQ } = await import('./services/rabbitmq.mjs');
const { startAll, stopAll } = await import('./services/lifecycle.mjs');
const { ensurePythonEnv } = await import('./services/python.mjs');

const files = readdirSync(ROOT)
  .filter((dir) => existsSync(join(ROOT, dir, 'bench')))
  .flatMap((dir) =>
    readdirSync(join(ROOT, dir, 'bench'))
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => `${dir}/bench/${f}`),
  )
  .filter((f) => process.argv.slice(2).every((filter) => f.includes(filter)));

const services = await startAll({
  postgres: () => startPostgres({ log, durable: true }),
  rabbit: () => startRabbitMQ({ log }),
});
const results = [];
try {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    TEST_DATABASE_URL: services.postgres.url,
    TEST_AMQP_URL: services.rabbit.url,
    // Only the diffusers engine's benchmark needs it: built when missing (once per machine).
    ...(files.some((f) => f.includes('diffusers')) ? { TEST_PYTHON: ensurePythonEnv(log) } : {}),
  };
  for (const file of files) {
    log(`running ${file}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('BENCH '));
    if (run.status !== 0 || lines.length === 0)
      throw new Error(`${file} failed (exit ${run.status})\n${run.stdout}`);
    for (const line of lines) results.push({ file, ...JSON.parse(line.slice(6)) });
  }
} finally {
  for (const error of await stopAll(Object.values(services))) log(`could not stop a service: ${error}`);
}

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
const ranAt = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const sections = results.map((r) =>
  [
    `## ${r.name}`,
    '',
    `Source: \`${r.file}\` · run ${ranAt} on ${machine}`,
    '',
    '| metric | value |',
    '| --- | --- |',
    ...r.rows.map((row) => `| ${row.metric} | ${row.value} |`),
    '',
    r.notes ?? '',
  ].join('\n'),
);
const HEADER = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (do not edit by hand; rerun it). Shared, noisy machines: medians and ratios',
  'are what to compare, not single runs. `npm run bench -- <name>` reruns only the matching files and',
  'replaces their sections, each of which says when and where it ran.',
  '',
].join('\n');
const path = join(ROOT, 'docs', 'BENCHMARKS.md');
/** The sections of the document as it is, by their `## ` heading, in order. */
function existingSections() {
  if (!existsSync(path)) return [];
  const body = readFileSync(path, 'utf8')
    .split(/^(?=## )/m)
    .slice(1);
  return body.map((text) => ({ name: text.slice(3, text.indexOf('\n')), text: text.trimEnd() }));
}
const fresh = new Map(results.map((r, i) => [r.name, sections[i]]));
// A full run replaces every section this runner writes; sections written by other means (the GPU
// benchmark, run on a GPU machine: gpu-worker/python/bench) are kept until they are measured again.
const fromElsewhere = (section) => !/^Source: `[^`]+\.bench\.ts`/m.test(section.text);
const kept = process.argv.length <= 2 ? existingSections().filter(fromElsewhere) : existingSections();
const merged = [
  ...kept.map((section) => fresh.get(section.name) ?? section.text),
  ...[...fresh].filter(([name]) => !kept.some((section) => section.name === name)).map(([, text]) => text),
];
const doc = [HEADER, ...merged.map((text) => `${text.trimEnd()}\n`)].join('\n');
writeFileSync(path, doc);
console.log(doc);
