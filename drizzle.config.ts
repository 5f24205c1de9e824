import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations for db/schema into drizzle/.
// Hand-written SQL (row-level security, triggers) lives beside them as custom migrations
// (`npx drizzle-kit generate --custom --name <name>`), so one journal orders both.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/custos' },
});
