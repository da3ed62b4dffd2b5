// Finds or builds the Python environment of the diffusers engine (gpu-worker/python): one venv per
// version of its pinned dependencies, in the user's cache (outside the repository, so clones share it),
// with a persistent wheelhouse so that a rebuild never downloads torch's gigabytes again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, toolCache } from '../lib/setup.mjs';

const PACKAGE_DIR = join(ROOT, 'gpu-worker', 'python');
const PYPROJECT = join(PACKAGE_DIR, 'pyproject.toml');
/** Written last: a venv without it was interrupted and is rebuilt from the start. */
const COMPLETE = '.style-license-complete';

/** The exact pins (`name==version`) of the package's dependencies and of its test extra. */
export function pythonRequirements(text = readFileSync(PYPROJECT, 'utf8')) {
  const pins = [...text.matchAll(/"([A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+)"/g)].map((m) => m[1]);
  if (pins.length === 0) throw new Error(`no pinned requirements found in ${PYPROJECT}`);
  return [...new Set(pins)].sort();
}

/** `$XDG_CACHE_HOME/style-license/python-<hash of the pins>`: a new pin set gets a new venv. */
export function venvDir(env = process.env) {
  const hash = createHash('sha256').update(pythonRequirements().join('\n')).digest('hex').slice(0, 12);
  return join(toolCache(env), `python-${hash}`);
}

export const venvPython = (env = process.env) => join(venvDir(env), 'bin', 'python');

function findPython() {
  for (const candidate of ['python3.11', 'python3.12', 'python3']) {
    const probe = spawnSync(
      candidate,
      ['-c', 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)'],
      { stdio: 'ignore' },
    );
    if (probe.status === 0) return candidate;
  }
  throw new Error('Python ≥ 3.10 with venv is needed for the diffusers engine (gpu-worker/python)');
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * Resolves to the venv's python, building the venv first when it is missing. `STYLE_LORA_PYTHON` names an
 * interpreter that already has the packages (a GPU machine's own) and skips all of this.
 */
export function ensurePythonEnv(log = console.log, env = process.env) {
  if (env.STYLE_LORA_PYTHON) return env.STYLE_LORA_PYTHON;
  const dir = venvDir(env);
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, COMPLETE))) return python;
  rmSync(dir, { recursive: true, force: true });
  const wheels = join(toolCache(env), 'wheels');
  const requirements = pythonRequirements();
  log(
    `python: building the diffusers engine's environment in ${dir} (once per machine: torch brings its ` +
      'CUDA libraries, about 5.5 GB; 3–6 min the first time, about 2 min from the wheel cache)…',
  );
  const started = Date.now();
  run(findPython(), ['-m', 'venv', dir]);
  // Downloaded into the wheelhouse first (files already there are kept), then installed from it alone:
  // the registry's responses are not cacheable by pip's own HTTP cache, so this is the cache.
  run(python, ['-m', 'pip', 'download', '--quiet', '--dest', wheels, ...requirements]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--no-index', '--find-links', wheels, ...requirements]);
  writeFileSync(join(dir, COMPLETE), `${requirements.join('\n')}\n`);
  log(`python: environment ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return python;
}

/** Runs the package's pytest suite (offline) and returns its counts; a run that reports nothing failed. */
export function runPytest(python, extraArgs = []) {
  const reportDir = mkdtempSync(join(tmpdir(), 'sl-pytest-'));
  const report = join(reportDir, 'junit.xml');
  try {
    const result = spawnSync(python, ['-m', 'pytest', '-q', `--junit-xml=${report}`, ...extraArgs], {
      cwd: PACKAGE_DIR,
      stdio: 'inherit',
      env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
    });
    const xml = existsSync(report) ? readFileSync(report, 'utf8') : '';
    const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
    const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
    const total = attr('tests');
    const failed = attr('failures') + attr('errors');
    const skipped = attr('skipped');
    if (total === 0 || (result.status !== 0 && failed === 0)) return { passed: 0, failed: 1, skipped };
    return { passed: total - failed - skipped, failed, skipped };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

// `npm run python:setup`: builds the environment when missing and prints its interpreter's path (for
// DIFFUSERS_PYTHON); progress goes to stderr so that the path is all stdout carries.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(ensurePythonEnv((line) => console.error(line)));
}
