/**
 * The community benchmark's SQL side: the statements a service issues for one request, captured from
 * the product's own service functions (a Drizzle handle whose logger records each statement and its
 * parameters), then run bare through `pg` to price the query alone, under no load and at the HTTP
 * run's concurrency; and their plans (EXPLAIN ANALYZE), with every scan of `generations` named, so a
 * sequential scan of the images fails the benchmark.
 */
import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { schema, type Db } from '@style-license/db';
import { median, percentile } from '../bench-report';
import { pacedLoops } from './community-paced';

export interface Statement {
  text: string;
  values: unknown[];
}
/** The statements of one request, in the order the service issues them. */
export type RequestSql = Statement[];

/** A Drizzle handle on `pool` that records every statement it sends; `take` returns and clears them. */
export function recordingDb(pool: pg.Pool): { db: Db; take(): RequestSql } {
  let statements: RequestSql = [];
  const db = drizzle(pool, {
    schema,
    logger: { logQuery: (text, values) => statements.push({ text, values }) },
  }) as unknown as Db;
  return {
    db,
    take: () => {
      const taken = statements;
      statements = [];
      return taken;
    },
  };
}

/** Names for statements run as prepared ones: one per distinct text (the values vary). */
const names = new Map<string, string>();
const nameOf = (text: string) =>
  names.get(text) ?? (names.set(text, `bench_${names.size}`), `bench_${names.size - 1}`);

/**
 * One request's statements, one after another, as the service sends them (rows as arrays, as Drizzle
 * asks); `prepared` sends each as a named statement instead, parsed and planned once per connection.
 */
async function runRequest(client: pg.ClientBase | pg.Pool, request: RequestSql, prepared = false) {
  for (const { text, values } of request)
    await client.query({ text, values, rowMode: 'array', ...(prepared ? { name: nameOf(text) } : {}) });
}

/** Median ms of one request's statements on one idle connection, cycling through `requests`. */
export async function bareSqlMedian(
  client: pg.ClientBase,
  requests: RequestSql[],
  runs: number,
  prepared = false,
) {
  for (let i = 0; i < 30; i++) await runRequest(client, requests[i % requests.length]!, prepared);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await runRequest(client, requests[i % requests.length]!, prepared);
    times.push(performance.now() - started);
  }
  return median(times);
}

export interface SqlUnderLoad {
  p50: number;
  p95: number;
  rate: number;
}

/**
 * `concurrency` loops sending `requests` through `pool` (the server's pool size) for `seconds`: the same
 * queueing for a connection that the server's requests meet, without HTTP, tRPC or Node's work per row.
 */
export async function bareSqlUnderLoad(
  pool: pg.Pool,
  requests: RequestSql[],
  concurrency: number,
  seconds: number,
): Promise<SqlUnderLoad> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = loop; performance.now() < end; i += concurrency) {
        const started = performance.now();
        await runRequest(pool, requests[i % requests.length]!);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    rate: latencies.length / seconds,
  };
}

/**
 * `clients` paced loops (community-paced.ts: one request a second each, timed as the HTTP side times
 * them) sending `requests` through `pool`: the bare SQL at the paced clients' concurrency.
 */
export async function bareSqlPaced(
  pool: pg.Pool,
  requests: RequestSql[],
  clients: number,
  seconds: number,
  seed: number,
): Promise<SqlUnderLoad> {
  const samples = await pacedLoops({
    clients,
    seconds,
    seed,
    send: async (c, i) => {
      await runRequest(pool, requests[(c + i) % requests.length]!);
      return true;
    },
  });
  return {
    p50: percentile(samples.latencies, 50),
    p95: percentile(samples.latencies, 95),
    rate: samples.latencies.length / samples.elapsed,
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  /** How each scan of `generations` reads it, e.g. "Index Scan using generations_feed_idx". */
  generationsScans: string[];
  seqScanOfGenerations: boolean;
  /** Rows the scans of `generations` returned, over all their loops: how much of the images it read. */
  generationsRows: number;
  executionMs: number;
  /** The plans as text, for the log when something is wrong. */
  text: string;
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** EXPLAIN (ANALYZE) of each statement of one request, summed up. */
export async function explainRequest(client: pg.ClientBase, request: RequestSql): Promise<PlanSummary> {
  const summary: PlanSummary = {
    generationsScans: [],
    seqScanOfGenerations: false,
    generationsRows: 0,
    executionMs: 0,
    text: '',
  };
  for (const { text, values } of request) {
    const json = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>({
      text: `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
      values,
    });
    const [{ Plan, 'Execution Time': ms }] = json.rows[0]!['QUERY PLAN'];
    summary.executionMs += ms;
    walk(Plan, (node) => {
      if (node['Relation Name'] !== 'generations') return;
      if (node['Node Type'] === 'Seq Scan') summary.seqScanOfGenerations = true;
      summary.generationsRows += node['Actual Rows'] * node['Actual Loops'];
      const scan = `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`;
      if (!summary.generationsScans.includes(scan)) summary.generationsScans.push(scan);
    });
    const plain = await client.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN ANALYZE ${text}`, values });
    summary.text += `${text}\n${plain.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\n`;
  }
  return summary;
}
