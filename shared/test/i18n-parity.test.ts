// Every string a user reads exists in English and Korean, with the same interpolation variables, so a
// Korean page never shows a key, an English fallback, or a `{{count}}` left unfilled.
import { describe, expect, it } from 'vitest';
import { resources } from '../src/index';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf as `path → text`, plural forms folded into their base key. */
function leaves(tree: unknown, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = path.replace(PLURAL, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else for (const [p, v] of leaves(value, path)) out.set(p, [...(out.get(p) ?? []), ...v]);
  }
  return out;
}

/** `{{count, number}}` → `count`; `$t(...)` nesting counts too. */
const variables = (texts: string[]) =>
  [...new Set(texts.flatMap((t) => [...t.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]!)))].sort();

const en = leaves(resources.en);
const ko = leaves(resources.ko);

describe('i18n resources', () => {
  it('have the same keys in English and Korean', () => {
    expect([...ko.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('use the same interpolation variables in both languages', () => {
    const differing = [...en].filter(([key, texts]) => {
      const theirs = ko.get(key);
      return theirs && variables(texts).join() !== variables(theirs).join();
    });
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('give every English plural both forms, and Korean its one form', () => {
    const pluralBases = (tree: unknown, forms: string[], prefix = ''): string[] =>
      Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        if (typeof value !== 'string') return pluralBases(value, forms, path);
        const match = PLURAL.exec(key);
        return match && forms.includes(match[1]!) ? [path.replace(PLURAL, '')] : [];
      });
    expect(pluralBases(resources.en, ['one']).sort()).toEqual(pluralBases(resources.en, ['other']).sort());
    expect(pluralBases(resources.ko, ['other']).sort()).toEqual(pluralBases(resources.en, ['other']).sort());
  });

  it('leave no placeholder text and no empty string', () => {
    for (const [locale, map] of [
      ['en', en],
      ['ko', ko],
    ] as const)
      for (const [key, texts] of map)
        for (const text of texts) {
          expect(text.trim(), `${locale}: ${key}`).not.toBe('');
          expect(text, `${locale}: ${key}`).not.toMatch(/^TODO$/);
        }
  });

  it('write Korean screens in Korean', () => {
    // A Korean string identical to its English one is an untranslated copy (product names and pure
    // numbers/symbols aside).
    const copies = [...ko].filter(([key, texts]) => {
      const english = en.get(key)!;
      return texts.some((t, i) => t === english[i] && /[A-Za-z]{3}/.test(t.replace(/\{\{[^}]*\}\}/g, '')));
    });
    expect(copies.map(([key]) => key)).toEqual([]);
  });
});
