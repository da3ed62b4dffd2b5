/**
 * The package layering holds because lint refuses imports across it: each rule is shown breaking on a
 * file where the import is forbidden, and the same import accepted where it is allowed.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

/** The rule ids that fire on `code` as if it were the file at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message).filter((id) => /restricted-imports/.test(id));
}

describe('lint: package boundaries', () => {
  it('keeps Node built-ins out of shared/ and the browser clients', async () => {
    for (const file of ['shared/src/x.ts', 'web/src/x.ts', 'desktop/src/renderer/x.ts']) {
      for (const source of ['node:fs', 'fs', 'fs/promises', 'node:crypto', 'path'])
        expect(await violations(file, `import x from '${source}';`), `${source} in ${file}`).not.toEqual([]);
    }
    expect(await violations('platform/src/x.ts', "import x from 'node:fs';")).toEqual([]);
    expect(await violations('shared/src/x.ts', "import x from 'zod';")).toEqual([]);
  });

  it('keeps the worker away from the server’s code and database', async () => {
    for (const source of [
      '@style-license/db',
      '@style-license/db/schema',
      '@style-license/server',
      '../../../server/src/deps',
      '../../db/src/client',
    ])
      expect(await violations('gpu-worker/src/jobs/x.ts', `import x from '${source}';`), source).not.toEqual(
        [],
      );
    expect(
      await violations('gpu-worker/src/jobs/x.ts', "import x from '@style-license/platform/queue';"),
    ).toEqual([]);
    // Tests may start a real server against the worker.
    expect(await violations('gpu-worker/test/x.test.ts', "import x from '@style-license/server';")).toEqual(
      [],
    );
  });

  it('lets clients take only the router’s type from the server', async () => {
    for (const file of ['web/src/lib/x.ts', 'desktop/src/renderer/lib/x.ts']) {
      expect(await violations(file, "import type { AppRouter as x } from '@style-license/server';")).toEqual(
        [],
      );
      expect(await violations(file, "import { AppRouter as x } from '@style-license/server';")).not.toEqual(
        [],
      );
      expect(await violations(file, "import x from '@style-license/db';")).not.toEqual([]);
      expect(await violations(file, "import x from '../../../../server/src/app';")).not.toEqual([]);
    }
  });

  it('keeps the lower layers and the studio’s Node side off the processes above them', async () => {
    expect(await violations('shared/src/x.ts', "import x from '@style-license/platform';")).not.toEqual([]);
    expect(await violations('platform/src/x.ts', "import x from '@style-license/db';")).not.toEqual([]);
    expect(await violations('desktop/src/core/x.ts', "import x from '@style-license/server';")).not.toEqual(
      [],
    );
    expect(
      await violations('desktop/src/core/x.ts', "import x from '@style-license/platform/images';"),
    ).toEqual([]);
  });
});
