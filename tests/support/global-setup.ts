import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/**
 * Once per `vitest run` of the integration project:
 * - with DATABASE_URL: migrate that database (CI points it at a fresh database per run);
 * - without: migrate an in-memory PGlite once and save it as a snapshot that every test file loads,
 *   so each file gets its own database in about a second instead of migrating again.
 */
export default async function setup(project: TestProject) {
  (process.env as Record<string, string>).NODE_ENV = 'test';
  const { closeDb, getDbHandle } = await import('../../db/client');
  const { migrate } = await import('../../db/migrate');
  if (process.env.DATABASE_URL) {
    await migrate(await getDbHandle());
    await testRoles(await getDbHandle());
    await closeDb();
    project.provide('pgliteSnapshot', '');
    return;
  }
  process.env.PGLITE_DIR = 'memory://';
  const handle = await getDbHandle();
  await migrate(handle);
  await testRoles(handle);
  const dump = await handle.pglite!.dumpDataDir('none');
  const dir = path.resolve(__dirname, '../../.data/test');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-snapshot-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  await closeDb();
}

/**
 * A non-superuser role standing in for a managed database's owner (tests/integration/rls.test.ts).
 * Made here, once, because GRANT on a table races with other test files altering it.
 */
async function testRoles(handle: import('../../db/client').DbHandle) {
  const { sql } = await import('drizzle-orm');
  await handle.db.execute(sql`do $$ begin
    if not exists (select 1 from pg_roles where rolname = 'custos_platform_probe') then
      create role custos_platform_probe nologin nosuperuser nobypassrls;
    end if; end $$`);
  await handle.db.execute(sql`grant select, insert on audit_events to custos_platform_probe`);
}
