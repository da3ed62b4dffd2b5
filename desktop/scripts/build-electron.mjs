// Bundles the Electron glue with esbuild: main, the core's utility process and the preload as CJS, and
// the core's two worker threads as ESM beside them. Workspace sources (TypeScript) are bundled in;
// every other package stays external and is resolved from node_modules at run time (native sharp,
// PGlite's wasm and data files). Usage: node scripts/build-electron.mjs (from desktop/ or the root).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const desktop = fileURLToPath(new URL('..', import.meta.url));
const out = (path) => `${desktop}/dist/${path}`;

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

const common = {
  bundle: true,
  platform: 'node',
  // Electron 45 runs Node 22.
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: desktop,
  plugins: [externalPackages],
};

/**
 * In a CJS bundle `import.meta` is empty. The core's worker pools compute their worker's URL from
 * `import.meta.url` (a built file loads ./inspect-worker.js and ./thumbnail-worker.js beside it), so
 * give it the bundle's own file URL; `import.meta.resolve` only serves the TypeScript-source branch.
 */
const importMetaShim = {
  define: {
    'import.meta.url': '__studioImportMetaUrl',
    'import.meta.resolve': '__studioImportMetaResolve',
  },
  banner: {
    js: [
      "const __studioImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __studioImportMetaResolve = () => { throw new Error('import.meta.resolve in a bundle'); };",
    ].join('\n'),
  },
};

await rm(out('main'), { recursive: true, force: true });
await rm(out('preload'), { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    ...importMetaShim,
    format: 'cjs',
    entryPoints: ['src/main/index.ts'],
    outfile: out('main/index.cjs'),
  }),
  build({
    ...common,
    ...importMetaShim,
    format: 'cjs',
    entryPoints: ['src/main/core-process.ts'],
    outfile: out('main/core-process.cjs'),
  }),
  // desktop/package.json says "type": "module", so these .js files load as ES modules in worker threads.
  build({
    ...common,
    format: 'esm',
    entryPoints: {
      'inspect-worker': 'src/core/library/inspect-worker.ts',
      'thumbnail-worker': 'src/core/thumbnails/thumbnail-worker.ts',
    },
    outdir: out('main'),
  }),
  // A sandboxed preload can require only 'electron' (and a few web-safe modules): everything else is inlined.
  build({
    ...common,
    plugins: [],
    platform: 'browser',
    format: 'cjs',
    external: ['electron'],
    entryPoints: ['src/preload/index.ts'],
    outfile: out('preload/index.cjs'),
  }),
]);
console.log(
  'built dist/main (index.cjs, core-process.cjs, inspect-worker.js, thumbnail-worker.js) and dist/preload/index.cjs',
);
