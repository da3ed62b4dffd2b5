/**
 * `npm run queue:replay`: lists how many messages wait in each dead-letter queue, or, given a queue name,
 * moves them back to it (`npm run queue:replay -- image_generation.quilt [--limit N]`) once their cause is
 * fixed. Reads AMQP_URL and QUEUE_NAMESPACE like the server and worker do.
 */
import { loadConfig, queueShape } from '@style-license/platform/config';
import { countDeadLetters, replayDeadLetters } from '@style-license/platform/queue';
import { QUEUE_NAMES } from '@style-license/shared';

const config = loadConfig(queueShape);
if (!config.AMQP_URL) {
  console.error('AMQP_URL is not set: dead letters of the in-process queue end with its process.');
  process.exit(78);
}
const [queue, flag, value] = process.argv.slice(2);
const base = { url: config.AMQP_URL, namespace: config.QUEUE_NAMESPACE };

if (!queue) {
  for (const name of QUEUE_NAMES)
    console.log(`${name}.dead: ${await countDeadLetters({ ...base, queue: name })}`);
} else if (!(QUEUE_NAMES as string[]).includes(queue) || (flag && flag !== '--limit')) {
  console.error(`usage: npm run queue:replay -- [${QUEUE_NAMES.join('|')}] [--limit N]`);
  process.exit(64);
} else {
  const limit = flag ? Number(value) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    console.error('--limit takes a positive whole number');
    process.exit(64);
  }
  const { replayed, left } = await replayDeadLetters({ ...base, queue, limit });
  console.log(`replayed ${replayed} message(s) from ${queue}.dead; ${left} left`);
}
