import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/rows';
import { withTenantPipelined } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers } from '../support/fixtures';

// The hot path sends the tenant setup and the first query together. The first query must still run
// after the setup: as custos_app, with the tenant named — on every try, under concurrency.
describe('withTenantPipelined', () => {
  it('runs the first query after the role and tenant are set, every time', async () => {
    const t = await createTenantWithMembers();
    const runs = await Promise.all(
      Array.from({ length: 60 }, () =>
        withTenantPipelined(
          t.id,
          t.users.viewer.id,
          async (tx) =>
            rowsOf<{ role: string; tenant: string; user: string }>(
              await tx.execute(
                sql`select current_user as role, current_setting('app.tenant_id', true) as tenant, current_setting('app.user_id', true) as user`,
              ),
            )[0],
          async (tx, first) => {
            const [after] = rowsOf<{ role: string }>(await tx.execute(sql`select current_user as role`));
            return { first, after };
          },
        ),
      ),
    );
    for (const run of runs) {
      expect(run.first).toEqual({ role: 'custos_app', tenant: t.id, user: t.users.viewer.id });
      expect(run.after.role).toBe('custos_app');
    }
  });
});
