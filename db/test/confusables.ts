/**
 * Unicode's confusables.txt as the unhomoglyph package ships it (a verbatim parse, one entry per source
 * code point): what migration 0009 loads into `name_confusables`, and what its test compares that table
 * with. Run with tsx to print the INSERT statement for a migration that reloads the table after an update
 * of the package: `npx tsx db/test/confusables.ts > statement.sql`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** [source, prototype] pairs, sorted by source code point. */
export function confusablePairs(): [string, string][] {
  const data = JSON.parse(readFileSync(require.resolve('unhomoglyph/data.json'), 'utf8')) as Record<
    string,
    string
  >;
  return Object.entries(data).sort(([a], [b]) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/** A PostgreSQL literal in ASCII: U&'' escapes for everything but letters and digits, so no file encoding matters. */
function literal(text: string): string {
  const escaped = Array.from(text, (c) => {
    if (/[A-Za-z0-9]/.test(c)) return c;
    const code = c.codePointAt(0)!;
    return code > 0xffff
      ? `\\+${code.toString(16).toUpperCase().padStart(6, '0')}`
      : `\\${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }).join('');
  return `U&'${escaped}'`;
}

export function confusablesInsertSql(): string {
  const rows = confusablePairs().map(([source, prototype]) => `(${literal(source)}, ${literal(prototype)})`);
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i += 8) lines.push(rows.slice(i, i + 8).join(', '));
  return `INSERT INTO "name_confusables" ("source", "prototype") VALUES\n${lines.join(',\n')};`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${confusablesInsertSql()}\n`);
}
