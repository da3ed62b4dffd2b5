// @vitest-environment node
// The lint rule that fails the build on a hard-coded UI string: a literal in JSX is an error in the web
// client's components, a translated one is not (npm test runs `npm run lint`).
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const filePath = `${ROOT}web/src/features/example/Example.tsx`;

async function literalStringErrors(code: string) {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'i18next/no-literal-string').map((m) => m.message);
}

describe('the i18n lint rule', () => {
  it('refuses words written into JSX text and user-facing attributes', async () => {
    const errors = await literalStringErrors(
      `export function Example() {\n  return <button aria-label="Close the dialog">Buy tokens</button>;\n}\n`,
    );
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/Buy tokens/);
    expect(errors.join('\n')).toMatch(/Close the dialog/);
  });

  it('accepts translated text, class names and test ids', async () => {
    const errors = await literalStringErrors(
      `import { useTranslation } from 'react-i18next';\nexport function Example() {\n  const { t } = useTranslation();\n` +
        `  return <button className="rounded-lg px-3" data-testid="buy" aria-label={t('common.actions.close')}>{t('common.nav.tokens')} · 12</button>;\n}\n`,
    );
    expect(errors).toEqual([]);
  });
});
