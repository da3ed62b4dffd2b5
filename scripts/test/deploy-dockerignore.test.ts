/**
 * .dockerignore, read with Docker's matching rules (deploy-dockerignore-matcher.ts): nothing git ignores
 * (node_modules, dist, .data, …), no .git and no secret enters the build context, and every file the
 * Dockerfiles copy does.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { instructions } from './deploy-dockerfile-parser';
import { DOCKERFILE_PATHS, ROOT, dockerfiles, excluded } from './deploy-support';

describe('.dockerignore', () => {
  it('keeps out all that git ignores, .git and secrets, and lets in every file a Dockerfile copies', () => {
    const ignored = spawnSync(
      'git',
      ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .stdout.split('\0')
      .filter(Boolean)
      .map((path) => path.replace(/\/$/, ''));
    for (const path of ignored) expect(excluded(path), `${path} would enter the build context`).toBe(true);
    for (const path of ['.git/HEAD', '.env', 'deploy/compose.env', 'node_modules/x', 'server/node_modules/x'])
      expect(excluded(path), path).toBe(true);
    for (const path of [
      'dist/server.mjs',
      'web/dist/index.html',
      '.data/pglite/x',
      'desktop/src/main/index.ts',
    ])
      expect(excluded(path), path).toBe(true);
    const copied = DOCKERFILE_PATHS.flatMap((path) =>
      dockerfiles[path].stages.flatMap((stage) =>
        instructions(stage, 'COPY')
          .filter((copy) => !copy.flags.from)
          .flatMap((copy) => copy.args.split(/\s+/).slice(0, -1)),
      ),
    ).filter((source) => source !== '.');
    expect(copied).toContain('deploy/healthcheck.mjs');
    for (const source of copied) expect(excluded(source), source).toBe(false);
    for (const path of ['package.json', 'desktop/package.json', 'scripts/build.mjs', 'web/index.html'])
      expect(excluded(path), path).toBe(false);
  });
});
