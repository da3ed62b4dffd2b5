// The GitHub Actions workflow (.github/workflows/ci.yml) is never run here, so actionlint checks it in
// every `npm test`: syntax, expressions, action inputs, runner labels, and its shell scripts (through
// shellcheck when that is on PATH, as on GitHub's runners). actionlint is built with Go on first use
// into ~/.cache/style-license/ (scripts/services/actionlint.mjs); without Go this test fails saying so.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Actionlint {
  ACTIONLINT_VERSION: string;
  ensureActionlint(log?: (message: string) => void): Promise<string>;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { ACTIONLINT_VERSION, ensureActionlint } = (await import(
  new URL('../services/actionlint.mjs', import.meta.url).href
)) as Actionlint;

const ROOT = new URL('../..', import.meta.url).pathname;
const WORKFLOW = join(ROOT, '.github', 'workflows', 'ci.yml');

/** actionlint's findings in `cwd` (one line each) and its exit code: 0 clean, 1 findings, 2+ failure. */
function actionlint(binary: string, cwd: string, files: string[]) {
  return new Promise<{ code: number; lines: string[] }>((resolve) => {
    execFile(
      binary,
      ['-no-color', '-oneline', ...files],
      { cwd, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
        const lines = `${stdout}${stderr}`.split('\n').filter(Boolean);
        resolve({ code, lines });
      },
    );
  });
}

describe(`the GitHub Actions workflow, checked by actionlint ${ACTIONLINT_VERSION}`, () => {
  let binary: string;
  const scratch = mkdtempSync(join(tmpdir(), 'sl-actionlint-'));

  beforeAll(async () => {
    // The first run on a machine builds it from the Go module proxy (about a minute); later runs find it.
    binary = await ensureActionlint((message) => console.log(message));
  }, 10 * 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('has no findings in .github/workflows/ci.yml', async () => {
    const result = await actionlint(binary, ROOT, [WORKFLOW]);
    expect(result.lines).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('runs the same npm test, on Node 24, within an hour', () => {
    const text = readFileSync(WORKFLOW, 'utf8');
    expect(text).toMatch(/^\s+- run: npm test$/m);
    expect(text).toMatch(/node-version: 24\b/);
    expect(text).toMatch(/timeout-minutes: 60\b/);
    expect(text).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD: '1'/);
  });

  it('would report a broken workflow (the check is not vacuous)', async () => {
    const folder = join(scratch, '.github', 'workflows');
    mkdirSync(folder, { recursive: true });
    const broken = join(folder, 'broken.yml');
    writeFileSync(
      broken,
      [
        'on: push',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    timeout-minutes: sixty',
        '    steps:',
        '      - uses: actions/setup-node@v4',
        '        with:',
        '          node-versoin: 24',
        '      - run: echo ${{ github.nonexistent }}',
        '',
      ].join('\n'),
    );
    const result = await actionlint(binary, scratch, [broken]);
    expect(result.code).toBe(1);
    const findings = result.lines.join('\n');
    expect(findings).toMatch(/input "node-versoin" is not defined/);
    expect(findings).toMatch(/broken\.yml:5:.*syntax-check/); // timeout-minutes: sixty
    expect(findings).toMatch(/property "nonexistent" is not defined/);
  });
});
