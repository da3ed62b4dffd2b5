/**
 * `npm run test:faults`: the fault suite's long form on services of its own — each fault several times
 * (`--rounds`, default 3) with longer load between them (`--calm-seconds`, default 20). Prints what the
 * clients saw and what the database and store hold; exits 1 when an invariant is broken.
 */
import { parseArgs } from 'node:util';
import { startServices } from '../topology/services';
import { formatResult, runFaultSuite } from './suite';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'calm-seconds': { type: 'string', default: '20' },
    'down-seconds': { type: 'string', default: '3' },
    buyers: { type: 'string', default: '4' },
    fans: { type: 'string', default: '3' },
  },
});
const log = (message: string) => console.log(`[faults] ${message}`);
const services = await startServices(log, { own: true });
let broken = true;
try {
  const result = await runFaultSuite({
    ...services.settings,
    postgres: services.postgres,
    rabbit: services.rabbit,
    rounds: Number(values.rounds),
    calmMs: Number(values['calm-seconds']) * 1000,
    downMs: Number(values['down-seconds']) * 1000,
    buyers: Number(values.buyers),
    fans: Number(values.fans),
    log,
  });
  console.log(formatResult(result));
  broken = result.violations.length > 0;
} finally {
  await services.stop();
}
process.exit(broken ? 1 : 0);
