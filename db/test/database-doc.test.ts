// docs/DATABASE.md stays in step with the Drizzle schema: its Mermaid ER diagram has every table and
// column (with type and PK / FK / UK marks) and nothing that no longer exists, every foreign key is a
// relationship line labelled with its columns, and every table has a section of its own.
import { readFileSync } from 'node:fs';
import { is } from 'drizzle-orm';
import { PgTable, getTableConfig, type PgColumn } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../src/schema/index';

const DOC = new URL('../../docs/DATABASE.md', import.meta.url);

interface Column {
  type: string;
  keys: string[];
}
interface Relationship {
  tables: [string, string];
  columns: string[];
  line: string;
}
interface Model {
  tables: Map<string, Map<string, Column>>;
  relationships: Relationship[];
  /** Lines of the diagram that are none of the above: a typo must not hide a table or a column. */
  unparsed: string[];
  /** Markdown headings, where each table's section is found. */
  headings: string[];
}

const ENTITY_START = /^([A-Za-z_][\w-]*)\s*\{$/;
const ATTRIBUTE = /^(\S+)\s+([A-Za-z_*][\w-]*)(?:\s+((?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*))?(?:\s+"[^"]*")?$/;
const RELATIONSHIP =
  /^([A-Za-z_][\w-]*)\s+(?:\|o|\|\||\}o|\}\|)(?:--|\.\.)(?:o\||\|\||o\{|\|\{)\s+([A-Za-z_][\w-]*)\s*:\s*"([^"]*)"$/;

/** Reads the erDiagram blocks of a Markdown document. */
function parseDoc(markdown: string): Model {
  const model: Model = { tables: new Map(), relationships: [], unparsed: [], headings: [] };
  let inDiagram = false;
  let fence = false;
  let entity: Map<string, Column> | undefined;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      fence = !fence;
      inDiagram = false;
      continue;
    }
    if (!fence) {
      if (line.startsWith('#')) model.headings.push(line);
      continue;
    }
    if (line === 'erDiagram') {
      inDiagram = true;
      continue;
    }
    if (!inDiagram || line === '' || line.startsWith('%%')) continue;
    if (entity) {
      const attribute = ATTRIBUTE.exec(line);
      if (line === '}') entity = undefined;
      else if (attribute) {
        const keys = (attribute[3] ?? '').split(',').map((k) => k.trim());
        entity.set(attribute[2]!, { type: attribute[1]!, keys: keys.filter(Boolean).sort() });
      } else model.unparsed.push(line);
      continue;
    }
    const start = ENTITY_START.exec(line);
    const relationship = RELATIONSHIP.exec(line);
    if (start) {
      if (model.tables.has(start[1]!)) model.unparsed.push(`${line} (a second block for ${start[1]})`);
      entity = new Map();
      model.tables.set(start[1]!, entity);
    } else if (relationship) {
      const columns = relationship[3]!.split(',').map((c) => c.trim());
      model.relationships.push({ tables: [relationship[1]!, relationship[2]!], columns, line });
    } else model.unparsed.push(line);
  }
  return model;
}

/** The same model from the Drizzle schema: every exported table. */
function schemaModel() {
  const tables = new Map<string, Map<string, Column>>();
  const foreignKeys: { table: string; references: string; columns: string[] }[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const primary = new Set(config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)));
    const foreign = new Set<string>();
    for (const fk of config.foreignKeys) {
      const reference = fk.reference();
      const columns = reference.columns.map((c) => c.name);
      columns.forEach((c) => foreign.add(c));
      foreignKeys.push({
        table: config.name,
        references: getTableConfig(reference.foreignTable).name,
        columns,
      });
    }
    // Unique on its own: a column's unique constraint, or a unique index over it alone for every row.
    const unique = new Set(
      [
        ...config.uniqueConstraints.map((u) => u.columns),
        ...config.indexes
          .filter((i) => i.config.unique && !i.config.where)
          .map((i) => i.config.columns as PgColumn[]),
      ]
        .filter((columns) => columns.length === 1 && typeof columns[0]?.name === 'string')
        .map((columns) => columns[0]!.name),
    );
    const columns = new Map<string, Column>();
    for (const column of config.columns) {
      const keys: string[] = [];
      if (column.primary || primary.has(column.name)) keys.push('PK');
      if (foreign.has(column.name)) keys.push('FK');
      if (column.isUnique || unique.has(column.name)) keys.push('UK');
      columns.set(column.name, { type: mermaidType(column.getSQLType()), keys: keys.sort() });
    }
    tables.set(config.name, columns);
  }
  return { tables, foreignKeys };
}

/** Mermaid types are one word: `timestamp with time zone` is written `timestamptz`, as psql does. */
function mermaidType(sqlType: string) {
  return sqlType
    .replace(/^timestamp(\(\d+\))? with time zone$/, 'timestamptz$1')
    .replace(/^time(\(\d+\))? with time zone$/, 'timetz$1')
    .replace(/\s+/g, '_');
}

/** Every difference between the document and the schema, one sentence each. */
function drift(doc: Model, expected: ReturnType<typeof schemaModel>): string[] {
  const problems = doc.unparsed.map((line) => `diagram line not understood: ${line}`);
  for (const [table, columns] of expected.tables) {
    const documented = doc.tables.get(table);
    if (!documented) {
      problems.push(`table ${table} is not in the diagram`);
      continue;
    }
    for (const [name, column] of columns) {
      const seen = documented.get(name);
      if (!seen) problems.push(`column ${table}.${name} is not in the diagram`);
      else {
        if (seen.type !== column.type)
          problems.push(`column ${table}.${name} is ${column.type}, the diagram says ${seen.type}`);
        if (seen.keys.join() !== column.keys.join())
          problems.push(`column ${table}.${name} has keys [${column.keys}], the diagram says [${seen.keys}]`);
      }
    }
    for (const name of documented.keys())
      if (!columns.has(name))
        problems.push(`column ${table}.${name} is in the diagram but not in the schema`);
    if (!doc.headings.some((heading) => heading.includes(`\`${table}\``)))
      problems.push(`table ${table} has no section (a heading naming \`${table}\`)`);
  }
  for (const table of doc.tables.keys())
    if (!expected.tables.has(table)) problems.push(`table ${table} is in the diagram but not in the schema`);

  const sameColumns = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();
  const matched = new Set<Relationship>();
  for (const fk of expected.foreignKeys) {
    const lines = doc.relationships.filter(
      (r) =>
        [...r.tables].sort().join() === [fk.table, fk.references].sort().join() &&
        sameColumns(r.columns, fk.columns),
    );
    lines.forEach((line) => matched.add(line));
    const name = `${fk.table}(${fk.columns.join(', ')}) → ${fk.references}`;
    if (lines.length === 0) problems.push(`foreign key ${name} has no relationship line`);
    if (lines.length > 1) problems.push(`foreign key ${name} has ${lines.length} relationship lines`);
  }
  for (const relationship of doc.relationships)
    if (!matched.has(relationship))
      problems.push(`relationship "${relationship.line}" matches no foreign key of the schema`);
  return problems;
}

describe('docs/DATABASE.md', () => {
  const markdown = readFileSync(DOC, 'utf8');
  const expected = schemaModel();

  it('reads the whole schema (the check is not vacuous)', () => {
    expect(expected.tables.size).toBeGreaterThan(20);
    expect(expected.foreignKeys.length).toBeGreaterThan(25);
    expect(parseDoc(markdown).tables.size).toBeGreaterThan(20);
  });

  it('has every table, column and foreign key of the Drizzle schema in its ER diagram, and nothing else', () => {
    expect(drift(parseDoc(markdown), expected)).toEqual([]);
  });

  it('reports a column, a table or a foreign key that the diagram lost or kept too long', () => {
    const stale = markdown
      .replace(/^\s+integer balance_after\n/m, '')
      .replace(/^\s+users \|\|--o\{ follows : "followee_id"\n/m, '')
      .replace(/^(\s+)rate_limits \{\n/m, '$1old_table {\n$1    text gone PK\n$1}\n$1rate_limits {\n')
      .replace(/^(\s+)uuid user_id PK, FK\n(\s+)integer balance/m, '$1uuid user_id PK\n$2integer balance');
    expect(drift(parseDoc(stale), expected).sort()).toEqual([
      'column token_ledger.balance_after is not in the diagram',
      'column wallets.user_id has keys [FK,PK], the diagram says [PK]',
      'foreign key follows(followee_id) → users has no relationship line',
      'table old_table is in the diagram but not in the schema',
    ]);
  });

  it('links the rollback procedure for a bad migration', () => {
    expect(markdown).toContain('OPERATIONS.md#rolling-back-a-bad-migration');
  });
});
