// The package layering, as lint rules (issue 16): shared/ runs in browsers, so it imports no Node
// built-ins; the worker talks to the server only through queues and storage, so it imports neither db
// nor server; clients (web, the studio's renderer) take only the router's *type* from the server.
import { builtinModules } from 'node:module';

const nodeBuiltins = {
  // `node:fs` and bare `fs`, `fs/promises`… alike.
  regex: `^(node:.*|(${builtinModules.map((m) => m.replace('/', '\\/')).join('|')})(\\/.*)?)$`,
  message: 'This package also runs in browsers: no Node built-ins (put Node code in platform/).',
};
const packages = (...names) => names.map((name) => `@style-license/${name}`);
const noPackages = (message, ...names) => ({
  group: names.flatMap((name) => [`@style-license/${name}`, `@style-license/${name}/*`]),
  message,
});
/** Relative paths into another workspace's sources (`../../server/src/…`) are the same import. */
const noSourcesOf = (message, ...folders) => ({
  regex: `(^|/)\\.\\.(/\\.\\.)*/(${folders.join('|')})/src(/|$)`,
  message,
});

const SERVER_ONLY = 'The worker talks to the server through queues and storage, never its code or database.';
const CLIENT = 'Clients take only the router’s type from the server (import type), and nothing from db.';

export const boundaries = [
  {
    files: ['shared/src/**'],
    ignores: ['shared/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            noPackages(
              'shared/ is the bottom layer: it imports no other workspace.',
              'db',
              'platform',
              'server',
              'gpu-worker',
              'web',
              'desktop',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['platform/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noPackages(
              'platform/ is infrastructure below the processes.',
              'db',
              'server',
              'gpu-worker',
              'web',
              'desktop',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['gpu-worker/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noPackages(SERVER_ONLY, 'db', 'server', 'web', 'desktop'),
            noSourcesOf(SERVER_ONLY, 'db', 'server'),
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**', 'desktop/src/renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: packages('server').map((name) => ({ name, message: CLIENT, allowTypeImports: true })),
          patterns: [
            nodeBuiltins,
            { group: ['@style-license/server/*'], message: CLIENT, allowTypeImports: true },
            noPackages(CLIENT, 'db', 'platform', 'gpu-worker'),
            noSourcesOf(CLIENT, 'db', 'server', 'platform', 'gpu-worker'),
          ],
        },
      ],
    },
  },
  {
    // The studio's Node side uses shared/ and platform/ like any client of the platform's API.
    files: ['desktop/src/core/**', 'desktop/src/main/**', 'desktop/src/preload/**', 'desktop/src/bridge/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noPackages('The studio reaches the platform over its API only.', 'db', 'server', 'gpu-worker'),
            noSourcesOf('The studio reaches the platform over its API only.', 'db', 'server', 'gpu-worker'),
          ],
        },
      ],
    },
  },
];
