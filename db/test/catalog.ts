// Reads the parts of the system catalog that define the schema, in a stable order, so two databases
// can be compared for structural identity whatever engine they run on.
import { sql } from 'drizzle-orm';
import type { Db } from '../src/index';

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<string[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map((r) => Object.values(r).join(' | '));
}

export async function describeSchema(db: Db) {
  return {
    columns: await rows(
      db,
      sql`SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '')
          FROM information_schema.columns WHERE table_schema = 'public'
          ORDER BY table_name, column_name`,
    ),
    constraints: await rows(
      db,
      // PostgreSQL 17 (PGlite) also lists NOT NULL as constraints; columns.is_nullable covers those.
      sql`SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
          FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
          WHERE n.nspname = 'public' AND c.contype <> 'n' ORDER BY 1, 2`,
    ),
    indexes: await rows(
      db,
      sql`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    ),
    enums: await rows(
      db,
      sql`SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1`,
    ),
    triggers: await rows(
      db,
      sql`SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger
          WHERE NOT tgisinternal ORDER BY 1, 2`,
    ),
  };
}
