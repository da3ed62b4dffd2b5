// Finds or builds actionlint, which checks the GitHub Actions workflow (.github/workflows/) in `npm test`:
// one pinned version, built from the Go module proxy once per machine into the user's cache (outside the
// repository, so clones share it), the way versitygw is.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { toolCache } from '../lib/setup.mjs';
import { join } from 'node:path';

export const ACTIONLINT_VERSION = 'v1.7.12';
const MODULE = 'github.com/rhysd/actionlint';
const BUILD_TIMEOUT_MS = 10 * 60_000;

/** `$XDG_CACHE_HOME/style-license/actionlint-<version>/actionlint` (XDG default: ~/.cache). */
export function actionlintPath(env = process.env) {
  return join(toolCache(env), `actionlint-${ACTIONLINT_VERSION}`, 'actionlint');
}

function findGo() {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    if (spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error(
    `actionlint ${ACTIONLINT_VERSION} is not built (${actionlintPath()}) and Go is not installed: ` +
      `install Go (https://go.dev/dl/), or build it yourself with ` +
      `GOBIN=<folder> go install ${MODULE}/cmd/actionlint@${ACTIONLINT_VERSION} and copy it there`,
  );
}

/** Resolves to the binary's path, building it first when it is missing (about a minute with Go). */
export async function ensureActionlint(log = console.log) {
  const binary = actionlintPath();
  if (existsSync(binary)) return binary;
  const go = findGo();
  const folder = join(binary, '..');
  await mkdir(folder, { recursive: true });
  // Built into a fresh folder and moved into place whole: a run interrupted mid-build, or two runs
  // building at once, never leave a half-written binary where the next run would use it.
  const staging = await mkdtemp(join(folder, '.build-'));
  log(`actionlint: building ${ACTIONLINT_VERSION} into ${folder} with Go (once per machine; about 1 min)…`);
  const started = Date.now();
  try {
    await new Promise((resolve, reject) => {
      const args = ['install', `${MODULE}/cmd/actionlint@${ACTIONLINT_VERSION}`];
      const options = {
        env: { ...process.env, GOBIN: staging },
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      };
      execFile(go, args, options, (error, _stdout, stderr) =>
        error
          ? reject(new Error(`go ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim()))
          : resolve(undefined),
      );
    });
    await rename(join(staging, 'actionlint'), binary);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`actionlint: built in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

// `node scripts/services/actionlint.mjs` builds it (if needed) and prints its path.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await ensureActionlint((message) => console.error(message)));
}
