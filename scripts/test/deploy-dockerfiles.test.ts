/**
 * deploy/Dockerfile.*, parsed (deploy-dockerfile-parser.ts) and read: a build stage and a production
 * dependencies stage, a runtime stage with a non-root user, STOPSIGNAL, HEALTHCHECK and CMD, the Node line
 * the project tests on; for the GPU image, a CUDA base whose CUDA major and Ubuntu Python fit the pinned
 * torch. deploy-image-builds.test.ts replays their build steps.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execForm, instructions, stageEnv, type Stage } from './deploy-dockerfile-parser';
import {
  DOCKERFILES,
  DOCKERFILE_PATHS,
  cmdOf,
  dockerfiles,
  finalStage,
  nodeMajor,
  read,
  venvDir,
} from './deploy-support';

const runsNpm = (stage: Stage) => instructions(stage, 'RUN').some((run) => /^npm /.test(run.args));

/** The workspaces a workspace depends on, itself included (its @style-license/* dependencies, transitively). */
function workspaceClosure(workspace: string): Set<string> {
  const byName = new Map(
    ['shared', 'db', 'platform', 'server', 'gpu-worker', 'web', 'desktop'].map((dir) => [
      (JSON.parse(read(`${dir}/package.json`)) as { name: string }).name,
      dir,
    ]),
  );
  const closure = new Set<string>();
  const visit = (dir: string) => {
    if (closure.has(dir)) return;
    closure.add(dir);
    const manifest = JSON.parse(read(`${dir}/package.json`)) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {}))
      if (byName.has(name)) visit(byName.get(name)!);
  };
  visit(workspace);
  return closure;
}

describe('deploy/Dockerfile.*', () => {
  it.each(DOCKERFILE_PATHS)(
    '%s: builds in one stage, installs production dependencies in another, runs as a non-root user',
    (path) => {
      const dockerfile = dockerfiles[path];
      const expected = DOCKERFILES[path];
      const [build, deps] = [
        dockerfile.stages.find((s) => s.name === 'build'),
        dockerfile.stages.find((s) => s.name === 'deps'),
      ];
      expect(build && deps, 'stages `build` and `deps`').toBeTruthy();
      const runs = (stage: Stage) => instructions(stage, 'RUN').map((run) => run.args);
      expect(runs(build!)).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
      expect(runs(deps!)).toEqual([
        `npm ci --omit=dev --workspace ${expected.workspace} --no-audit --no-fund`,
      ]);
      // deps gets the manifests of exactly the workspaces it installs for.
      const manifests = instructions(deps!, 'COPY')
        .map((copy) => copy.args.split(/\s+/)[0]!)
        .filter((source) => source.endsWith('/package.json'))
        .map((source) => source.split('/')[0]!);
      expect(new Set(manifests)).toEqual(workspaceClosure(expected.workspace));
      // Electron's install script would download its binary: every stage that runs npm says not to.
      for (const stage of dockerfile.stages.filter(runsNpm))
        expect(stageEnv(stage).ELECTRON_SKIP_BINARY_DOWNLOAD, stage.name).toBe('1');
      // Node: the newest LTS line the project tests on (npm test runs the suites on it too).
      expect(dockerfile.args.NODE_IMAGE).toMatch(new RegExp(`^node:${nodeMajor}-`));

      const runtime = finalStage(dockerfile);
      expect(runtime.name).toBe('runtime');
      expect(runsNpm(runtime), 'the runtime stage installs nothing with npm').toBe(false);
      const froms = instructions(runtime, 'COPY').map((copy) => `${copy.flags.from ?? ''} ${copy.args}`);
      expect(froms).toContain('deps /app/node_modules ./node_modules');
      expect(froms).toContain('build /app/dist ./dist');
      const user = instructions(runtime, 'USER').at(-1)?.args;
      expect(user, 'a USER').toBeDefined();
      expect(['root', '0']).not.toContain(user);
      expect(instructions(runtime, 'STOPSIGNAL').map((i) => i.args)).toEqual(['SIGTERM']);
      const check = instructions(runtime, 'HEALTHCHECK');
      expect(check).toHaveLength(1);
      expect(execForm(check[0]!.args)).toEqual(['node', 'deploy/healthcheck.mjs', expected.health]);
      expect(cmdOf(runtime)).toEqual(['node', '--enable-source-maps', `dist/${expected.process}.mjs`]);
      expect(stageEnv(runtime).NODE_ENV).toBe('production');
    },
  );

  it('deploy/Dockerfile.gpu-worker: a CUDA base whose CUDA and Python fit the pinned torch, the pinned packages in a venv', (context) => {
    const dockerfile = dockerfiles['deploy/Dockerfile.gpu-worker'];
    const runtime = finalStage(dockerfile);
    const cuda = /^nvidia\/cuda:(\d+)\.[\d.]+-(?:base|runtime|cudnn-runtime)-ubuntu(\d+\.\d+)$/.exec(
      runtime.from,
    );
    expect(cuda, runtime.from).not.toBeNull();
    const env = stageEnv(runtime);
    expect(env.WORKER_ENGINES).toBe('diffusers-lora');
    expect(env.DIFFUSERS_PYTHON).toBe('/opt/venv/bin/python');
    const runs = instructions(runtime, 'RUN').map((run) => run.args);
    // The package itself, with the exact pins of its pyproject.toml, in the venv DIFFUSERS_PYTHON names.
    expect(runs).toContainEqual(
      expect.stringMatching(
        /python3 -m venv \/opt\/venv && \/opt\/venv\/bin\/pip install \/tmp\/style-lora\b/,
      ),
    );
    const copies = instructions(runtime, 'COPY').map((copy) => copy.args);
    expect(copies).toEqual(
      expect.arrayContaining([
        'gpu-worker/python/pyproject.toml /tmp/style-lora/',
        'gpu-worker/python/src /tmp/style-lora/src',
      ]),
    );
    expect(read('gpu-worker/python/pyproject.toml')).toMatch(/"torch==[\d.]+"/);

    // What the pinned torch needs, read from the project's own venv (npm test builds it from the same pins).
    const dist = join(venvDir(), 'lib');
    const site = existsSync(dist)
      ? readdirSync(dist).map((python) => join(dist, python, 'site-packages'))
      : [];
    const torch = site
      .flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((entry) => join(dir, entry)) : []))
      .find((entry) => /\/torch-[\d.]+\.dist-info$/.test(entry));
    if (!torch) {
      context.skip(
        `no project venv at ${venvDir()} to read torch's requirements from (npm run python:setup)`,
      );
      return;
    }
    const metadata = readFileSync(join(torch, 'METADATA'), 'utf8');
    const requiresPython = /^Requires-Python: >=(\d+)\.(\d+)/m.exec(metadata)!;
    const ubuntuPython: Record<string, [number, number]> = { '22.04': [3, 10], '24.04': [3, 12] };
    const [major, minor] = ubuntuPython[cuda![2]!]!;
    expect(
      major * 100 + minor,
      `Ubuntu ${cuda![2]}'s Python vs torch's ${requiresPython[0]}`,
    ).toBeGreaterThanOrEqual(Number(requiresPython[1]) * 100 + Number(requiresPython[2]));
    const toolkit =
      /^Requires-Dist: (?:cuda-toolkit\[[^\]]*\]|nvidia-cuda-runtime(?:-cu\d+)?)==(\d+)\./m.exec(metadata);
    expect(toolkit, "torch's CUDA runtime requirement").not.toBeNull();
    expect(cuda![1], 'the base image CUDA major matches the one torch brings').toBe(toolkit![1]);
  });
});
