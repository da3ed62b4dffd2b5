// electron-builder.yml against electron-builder's own schema (app-builder-lib's validateConfiguration,
// which reads its scheme.json): the real file passes, a broken copy fails.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const yaml = require('js-yaml') as { load(text: string): unknown };

const debugLogger = { isEnabled: false, add: () => undefined };
const configFile = new URL('../../electron-builder.yml', import.meta.url);
const load = async () => yaml.load(await readFile(configFile, 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s schema', async () => {
    await expect(validateConfiguration(await load(), debugLogger)).resolves.toBeUndefined();
  });

  it('says what the studio needs: its id, the desktop app folder, the unpacked native parts, the update feed', async () => {
    const config = await load();
    expect(config).toMatchObject({
      appId: 'app.stylelicense.studio',
      productName: 'Style License Studio',
      directories: { app: 'desktop' },
      nsis: { oneClick: false, perMachine: false },
      mac: { hardenedRuntime: true, category: 'public.app-category.graphics-design' },
      linux: { category: 'Graphics' },
      publish: [{ provider: 'generic' }],
    });
    expect(JSON.stringify(config.asarUnpack)).toMatch(/sharp/);
    expect(JSON.stringify(config.asarUnpack)).toMatch(/pglite/);
  });

  it('fails on an unknown key or a wrong type', async () => {
    await expect(
      validateConfiguration({ ...(await load()), notAnOption: true }, debugLogger),
    ).rejects.toThrow(/notAnOption/);
    await expect(
      validateConfiguration({ ...(await load()), nsis: { oneClick: 'sometimes' } }, debugLogger),
    ).rejects.toThrow();
  });
});
