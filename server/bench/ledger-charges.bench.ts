/**
 * How many generation charges the ledger commits per second on real PostgreSQL (fsync on), and how long
 * one takes: against one hot wallet (every charge waits for the wallet lock) and spread over 1,000
 * wallets (charges run side by side). Run by `npm run bench`, which supplies the database.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@style-license/db';
import { createTestDatabase } from '@style-license/db/testing';
import { charge, creditPurchase } from '../src/domains/tokens/ledger';
import { median, percentile, report } from '../../scripts/bench-report';

const WALLETS = 1000;
const WORKERS = 8;
const POOL = 10;
const ROUND_MS = 3000;
const ROUNDS = 3;
/** Enough for every charge of every round; one purchase may credit at most 1,000,000. */
const START_BALANCE = 1_000_000;

interface Round {
  rate: number;
  p50: number;
  p95: number;
}

const database = await createTestDatabase({ poolMax: POOL });
const { db } = database;

/** `WORKERS` loops, each charging 1 token to `pickWallet()` with a fresh key, until time is up. */
async function runRound(pickWallet: () => string, ms: number): Promise<Round> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      const ref = { type: 'generation', id: randomUUID() };
      const t0 = performance.now();
      await charge(db, { userId: pickWallet(), amount: 1, ref, key: `charge:${ref.id}` });
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { rate: latencies.length / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function scenario(pickWallet: () => string): Promise<Round> {
  await runRound(pickWallet, 500); // warm-up: opens the pool's connections and the JIT, not counted
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await runRound(pickWallet, ROUND_MS));
  return {
    rate: median(rounds.map((r) => r.rate)),
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
  };
}

let hot: Round;
let spread: Round;
try {
  const users = await db
    .insert(schema.users)
    .values(
      Array.from({ length: WALLETS }, (_, i) => ({
        googleSub: `bench-${i}`,
        email: `bench-${i}@example.test`,
        displayName: `bench ${i}`,
      })),
    )
    .returning({ id: schema.users.id });
  const ids = users.map((u) => u.id);
  await db.insert(schema.wallets).values(ids.map((userId) => ({ userId })));
  // Funded through the ledger itself, so the books stay true (balance = sum of entries).
  for (let i = 0; i < ids.length; i += POOL)
    await Promise.all(
      ids
        .slice(i, i + POOL)
        .map((userId) => creditPurchase(db, { userId, amount: START_BALANCE, purchaseId: randomUUID() })),
    );

  hot = await scenario(() => ids[0]!);
  spread = await scenario(() => ids[Math.floor(Math.random() * ids.length)]!);
} finally {
  await database.dispose();
}

const ms = (v: number) => Number(v.toFixed(1));
const label = `${WORKERS} workers, pool ${POOL}, ${ROUND_MS / 1000} s × ${ROUNDS} rounds, median`;
report({
  name: 'Ledger: generation charges committed',
  rows: [
    { metric: `charges/s, one hot wallet (${label})`, value: Math.round(hot.rate) },
    { metric: 'p50 / p95 ms per charge, one hot wallet', value: `${ms(hot.p50)} / ${ms(hot.p95)}` },
    { metric: `charges/s, spread over ${WALLETS} wallets (${label})`, value: Math.round(spread.rate) },
    {
      metric: `p50 / p95 ms per charge, spread over ${WALLETS} wallets`,
      value: `${ms(spread.p50)} / ${ms(spread.p95)}`,
    },
    { metric: 'spread ÷ hot throughput', value: (spread.rate / hot.rate).toFixed(2) },
  ],
  notes:
    'Each charge: 1 token, a fresh idempotency key and generation id, one transaction that locks the wallet ' +
    'row. Real PostgreSQL (fsync on) on the same machine. Goal: ≥ 500 charges/s spread with p95 < 20 ms.',
});
