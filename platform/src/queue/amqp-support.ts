/**
 * Connection helpers for the RabbitMQ transport: bounded waits, jittered backoff, interruptible sleeps
 * and a close that cannot hang. Kept apart so amqp.ts reads as the transport's behaviour alone.
 */
import type { Channel, ChannelModel } from 'amqplib';
import { DependencyUnavailableError } from './outage';

/**
 * amqplib's close() waits for the broker's CloseOk and never settles if the connection dies meanwhile;
 * the 'close' event does fire, so whichever comes first ends the wait (a timer guards against neither).
 */
export function closeQuietly(target: Channel | ChannelModel, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), target.off('close', done), resolve());
    const timer = setTimeout(done, timeoutMs);
    target.once('close', done);
    target.close().then(done, done);
  });
}

/** Heartbeats let a silently dead TCP connection (no FIN, e.g. a network partition) be noticed. */
export function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '10');
  return parsed.toString();
}

export function backoffFn({ min, max }: { min: number; max: number }) {
  // Jittered, so many processes that lost the broker together do not reconnect in lockstep.
  return (failures: number) => Math.min(max, min * 2 ** Math.min(failures, 16)) * (0.5 + Math.random() / 2);
}

export function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // An outage, not a bad message: a job handler whose event cannot be published waits for the broker.
    const error = new DependencyUnavailableError(`${what}: RabbitMQ unavailable, gave up`);
    timer = setTimeout(() => reject(error), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sleeps that close() can cut short, so a closed transport does not linger in a backoff timer. */
export function createSleeper() {
  const wakers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => (clearTimeout(timer), wakers.delete(wake), resolve());
      const timer = setTimeout(wake, Math.max(0, ms));
      wakers.add(wake);
    });
  return { sleep, wakeAll: () => [...wakers].forEach((wake) => wake()) };
}
