// Installs a Debian package for a service starter on a machine others use too: waits while another apt or
// dpkg process holds a lock instead of failing at once, and refreshes the package lists only when apt
// does not know the package (a fresh image ships without lists; a refresh on every run is slow).
import { sleep as defaultSleep } from './net.mjs';

/** How long to wait for another apt/dpkg process, in seconds: long enough for an unattended upgrade. */
export const APT_LOCK_TIMEOUT_S = 300;
const RETRY_MS = 3_000;
// DPkg::Lock::Timeout covers dpkg's own locks only; `apt-get update` (lists lock) and downloads (archives
// lock) still fail at once, with these messages, so those are retried here until the same deadline.
const LOCK_BUSY =
  /Could not get lock|Unable to lock (the )?(directory|administration)|Unable to acquire the dpkg/;
const UNKNOWN_PACKAGE = /Unable to locate package|has no installation candidate/;

/**
 * @typedef {(command: string, args: string[], env?: Record<string, string>) => Promise<string>} Run
 *   resolves to stdout; rejects with an Error whose message includes stderr
 * @typedef {{ run: Run, log?: (message: string) => void, sleep?: (ms: number) => Promise<void> }} AptTools
 */

/**
 * @param {string} name the Debian package
 * @param {AptTools} tools
 */
export async function aptInstall(name, { run, log = () => {}, sleep = defaultSleep }) {
  const aptGet = (args, env) =>
    retryWhileLocked(() => run('apt-get', [...lockWait(), ...args], env), log, sleep);
  const install = () => aptGet(['install', '-y', name], { DEBIAN_FRONTEND: 'noninteractive' });
  if (!(await hasCandidate(name, run))) {
    log(`apt: ${name} is not in the package lists; running apt-get update first…`);
    await aptGet(['update']);
    return install();
  }
  try {
    return await install();
  } catch (error) {
    // The lists named a version the mirror no longer has, or they were stale in another way.
    if (!UNKNOWN_PACKAGE.test(String(error?.message))) throw error;
    log(`apt: ${name} could not be found; running apt-get update and trying again…`);
    await aptGet(['update']);
    return install();
  }
}

const lockWait = () => ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`];

async function hasCandidate(name, run) {
  const policy = await run('apt-cache', ['policy', name]).catch(() => '');
  const candidate = /Candidate:\s*(\S+)/.exec(policy)?.[1];
  return candidate !== undefined && candidate !== '(none)';
}

async function retryWhileLocked(attempt, log, sleep) {
  const attempts = Math.ceil((APT_LOCK_TIMEOUT_S * 1000) / RETRY_MS);
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!LOCK_BUSY.test(String(error?.message)) || i >= attempts) throw error;
      if (i === 1)
        log(`apt: another apt/dpkg process holds its lock; waiting up to ${APT_LOCK_TIMEOUT_S} s…`);
      await sleep(RETRY_MS);
    }
  }
}
