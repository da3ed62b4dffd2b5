import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the TypeScript schema and committed; the same SQL runs on PostgreSQL
// and on PGlite, so nothing here may use extensions that PGlite lacks.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
});
