// Container health checks, run by the images' HEALTHCHECK with the process's own environment:
//
//   node deploy/healthcheck.mjs server   the API server answers GET /healthz on PORT (liveness only:
//                                        /readyz, which also asks the database, queue and store, is for
//                                        load balancers; a database outage must not mark every server
//                                        unhealthy and get them restarted together)
//   node deploy/healthcheck.mjs worker   the worker holds an established TCP connection to its broker
//                                        (the port of AMQP_URL), read from /proc/net/tcp{,6} of the
//                                        container's network namespace
//
// The worker also answers /healthz on WORKER_HTTP_PORT, but that says only that the process lives: a
// worker that lost its broker does no work, so the check asks for the broker connection instead.
// Exit code 0 = healthy, 1 = unhealthy (Docker's convention).
// Plain Node, no dependencies: it runs in every image as is.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const TIMEOUT_MS = 4000;

/** Asks the server's liveness probe on this machine. */
export async function serverHealthy(env = process.env) {
  const port = env.PORT || '3000';
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The broker port a worker connects to: AMQP_URL's, or the scheme's default (5672, amqps 5671). */
export function brokerPort(amqpUrl) {
  if (!amqpUrl) return null;
  const url = new URL(amqpUrl);
  if (url.port) return Number(url.port);
  return url.protocol === 'amqps:' ? 5671 : 5672;
}

/**
 * Whether /proc/net/tcp (and tcp6) lists an ESTABLISHED connection (state 01) to `port`. Each line is
 * `sl local_address rem_address st …`, addresses as hex `ADDR:PORT`.
 */
export function hasEstablishedConnection(port, tables = ['/proc/net/tcp', '/proc/net/tcp6']) {
  for (const table of tables) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 in this namespace
    }
    for (const line of text.split('\n').slice(1)) {
      const [, , remote, state] = line.trim().split(/\s+/);
      if (!remote || state !== '01') continue;
      if (parseInt(remote.slice(remote.lastIndexOf(':') + 1), 16) === port) return true;
    }
  }
  return false;
}

export function workerHealthy(env = process.env) {
  const port = brokerPort(env.AMQP_URL);
  return port !== null && hasEstablishedConnection(port);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kind = process.argv[2];
  if (kind !== 'server' && kind !== 'worker') {
    console.error('usage: node deploy/healthcheck.mjs server|worker');
    process.exit(2);
  }
  const healthy = kind === 'server' ? await serverHealthy() : workerHealthy();
  if (!healthy) {
    console.error(
      kind === 'server'
        ? `GET /healthz on port ${process.env.PORT || '3000'} did not answer 200`
        : 'no established connection to the broker (AMQP_URL)',
    );
  }
  process.exit(healthy ? 0 : 1);
}
