// `npm run build`: the production build. Bundles the server, the worker and the migrate step with esbuild
// into dist/{server,worker,migrate}.mjs (ESM, source maps), copies the files they read at run time beside
// them, and builds the web client once. Workspace sources (TypeScript) are bundled in; every other
// package stays external, resolved from node_modules at run time, where `npm ci --omit=dev` put it.
// Usage: node scripts/build.mjs [--outdir DIR] [--skip-web] [--metafile FILE]
// (--skip-web copies an existing web/dist; --metafile writes esbuild's account of inputs and imports).
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each process's entry point, by the name of its bundle. */
export const ENTRIES = {
  server: 'server/src/main.ts',
  worker: 'gpu-worker/src/main.ts',
  migrate: 'server/src/migrate-main.ts',
  // The server's license-mark reader threads load it by this name (platform/src/license-mark/reader.ts).
  'license-mark-reader': 'platform/src/license-mark/read-worker.ts',
};

/** Bare imports are external, except the workspace's own packages, which ship as TypeScript sources. */
const externalPackages = {
  name: 'external-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@style-license/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Removes only what this build writes: the root dist/ also holds other builds (dist/studio). */
async function clean(outdir) {
  if (!existsSync(outdir)) return;
  for (const name of await readdir(outdir)) {
    if (
      /\.mjs(\.map)?$/.test(name) ||
      ['migrations', 'python', 'web', 'content-credentials-development'].includes(name)
    )
      await rm(path.join(outdir, name), { recursive: true, force: true });
  }
}

/**
 * Files the bundles find beside themselves (the code says where, under STYLE_LICENSE_BUNDLED): the SQL
 * migrations with their journal, the diffusers engine's Python package (run from source through
 * PYTHONPATH), and the built web client, which the server serves by default from dist/web.
 */
async function copyRuntimeFiles(outdir, { web }) {
  await cp(path.join(ROOT, 'db/migrations'), path.join(outdir, 'migrations'), {
    recursive: true,
    // drizzle-kit's snapshots only serve generating the next migration.
    filter: (source) => !source.endsWith('_snapshot.json'),
  });
  // The development content-credentials signer and CA: only the development defaults point here.
  await cp(
    path.join(ROOT, 'platform/src/content-credentials/development'),
    path.join(outdir, 'content-credentials-development'),
    { recursive: true },
  );
  await cp(path.join(ROOT, 'gpu-worker/python/src'), path.join(outdir, 'python/src'), {
    recursive: true,
    filter: (source) => !source.includes('__pycache__'),
  });
  if (web) await cp(path.join(ROOT, 'web/dist'), path.join(outdir, 'web'), { recursive: true });
}

/** Builds into `outdir`; resolves with esbuild's metafile (which sources and packages each output uses). */
export async function buildProduct({ outdir = path.join(ROOT, 'dist'), buildWeb = true } = {}) {
  await mkdir(outdir, { recursive: true });
  await clean(outdir);
  // Once per build, before the server is bundled: the server serves it, it does not compile it.
  if (buildWeb) execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: 'inherit' });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    // Shared code and lazily imported modules (the development sign-in provider) become chunks, so a
    // lazy import stays lazy. Chunks sit beside the entries: code finds its files from import.meta.url.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalPackages],
    define: { STYLE_LICENSE_BUNDLED: 'true' },
  });
  await copyRuntimeFiles(outdir, { web: buildWeb || existsSync(path.join(ROOT, 'web/dist/index.html')) });
  return result.metafile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      outdir: { type: 'string' },
      'skip-web': { type: 'boolean', default: false },
      metafile: { type: 'string' },
    },
  });
  const outdir = path.resolve(values.outdir ?? path.join(ROOT, 'dist'));
  const metafile = await buildProduct({ outdir, buildWeb: !values['skip-web'] });
  if (values.metafile) await writeFile(values.metafile, JSON.stringify(metafile, null, 1));
  console.log(
    `built ${Object.keys(ENTRIES)
      .map((name) => `${name}.mjs`)
      .join(', ')} in ${outdir}`,
  );
}
