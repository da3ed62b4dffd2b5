// Finds or builds the versitygw binary that stands in for S3 in tests: one pinned version, built from the
// Go module proxy once per machine into the user's cache (outside the repository, so clones share it).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { toolCache } from '../lib/setup.mjs';
import { join } from 'node:path';

export const VERSITYGW_VERSION = 'v1.8.0';
const MODULE = 'github.com/versity/versitygw';
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** `$XDG_CACHE_HOME/style-license/versitygw-<version>/versitygw` (XDG default: ~/.cache). */
export function versitygwPath(env = process.env) {
  return join(toolCache(env), `versitygw-${VERSITYGW_VERSION}`, 'versitygw');
}

function findGo() {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    if (spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error(
    `versitygw ${VERSITYGW_VERSION} is not built (${versitygwPath()}) and Go is not installed: ` +
      'install Go (https://go.dev/dl/) or set S3_ENDPOINT to an S3-compatible server',
  );
}

/** Resolves to the binary's path, building it first when it is missing. */
export async function ensureVersitygw(log = console.log) {
  const binary = versitygwPath();
  if (existsSync(binary)) return binary;
  const go = findGo();
  const folder = join(binary, '..');
  await mkdir(folder, { recursive: true });
  // Built into a fresh folder and moved into place whole: a run interrupted mid-build, or two runs
  // building at once, never leave a half-written binary where the next run would use it.
  const staging = await mkdtemp(join(folder, '.build-'));
  log(
    `s3: building versitygw ${VERSITYGW_VERSION} into ${folder} with Go (once per machine; about 2–4 min)…`,
  );
  const started = Date.now();
  try {
    await new Promise((resolve, reject) => {
      const args = [
        'install',
        `-ldflags=-X=main.Version=${VERSITYGW_VERSION}`,
        `${MODULE}/cmd/versitygw@${VERSITYGW_VERSION}`,
      ];
      const options = {
        env: { ...process.env, GOBIN: staging },
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      };
      execFile(go, args, options, (error, _stdout, stderr) =>
        error
          ? reject(new Error(`go ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim()))
          : resolve(),
      );
    });
    await rename(join(staging, 'versitygw'), binary);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`s3: built versitygw in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}
