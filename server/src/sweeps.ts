/**
 * The periodic sweep every server runs: stalled training jobs and overdue generations are failed (the
 * generations refunded), and each is counted in the metrics once its transaction committed. Servers may
 * sweep at once: each job is re-checked under its row lock, so it is ended, and counted, by one of them.
 */
import type { ServerConfig } from './config';
import type { ServerDeps } from './deps';
import { sweepOverdueGenerations } from './domains/generation/events';
import { sweepTraining } from './domains/training/sweeper';
import type { ServerMetrics } from './metrics/server-metrics';

type SweepDeps = Pick<ServerDeps, 'database' | 'logger'> & {
  config: Pick<
    ServerConfig,
    'TRAINING_STALL_SECONDS' | 'TRAINING_QUEUE_TIMEOUT_SECONDS' | 'GENERATION_DEADLINE_SECONDS'
  >;
  metrics: ServerMetrics;
};

/** One sweep; `now` lets tests sweep as if time had passed. */
export async function sweepOnce({ database, config, logger, metrics }: SweepDeps, now = Date.now()) {
  const [training, expired] = await Promise.all([
    sweepTraining(
      database.db,
      {
        stallSeconds: config.TRAINING_STALL_SECONDS,
        queueTimeoutSeconds: config.TRAINING_QUEUE_TIMEOUT_SECONDS,
      },
      now,
      logger,
    ),
    sweepOverdueGenerations(database.db, config.GENERATION_DEADLINE_SECONDS, logger, now),
  ]);
  metrics.countSweep('training_stalled', training.stalled);
  metrics.countSweep('training_not_started', training.notStarted);
  metrics.countSweep('generation_expired', expired);
  // Every overdue generation ended here was refunded in the same transaction.
  metrics.countRefund('expired', expired);
  return { ...training, expired };
}

/** Sweeps every `seconds`; the returned function stops it. */
export function startSweeper(deps: SweepDeps, seconds: number): () => void {
  const timer = setInterval(() => {
    sweepOnce(deps).catch((error: unknown) => deps.logger.warn({ err: error }, 'sweep failed'));
  }, seconds * 1000).unref();
  return () => clearInterval(timer);
}
