import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/rows';
import { copyRows, copyRowsSupported } from '@/lib/audit/copy-rows';
import { recordAudit } from '@/lib/audit/record';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

// copyRows is the PostgreSQL reading path of verifyAuditChain (PGlite reads pages instead).
const onPostgres = Boolean(process.env.DATABASE_URL);

let t: TestTenant;
let other: TestTenant;

const AWKWARD_REASON = 'tab\there, line\nbreak, cr\r, back\\slash, \\N, quote "q", Zürich 東京 😀';

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
  for (const tenant of [t, other]) {
    const admin = tenant.users.admin;
    await withTenantContext(
      { type: 'user', id: admin.id, name: admin.name, email: admin.email, isPlatformAdmin: false },
      tenant.slug,
      { requestId: 'copy-rows-test' },
      (ctx) => recordAudit(ctx, { action: 'copy.awkward', reason: AWKWARD_REASON, after: { text: 'a\tb\nc\\d', n: 1.5 } }),
    );
  }
});

describe('copyRows', () => {
  it('runs only on PostgreSQL', async () => {
    expect(await copyRowsSupported()).toBe(onPostgres);
  });

  it.runIf(onPostgres)('reads in the caller’s transaction, as custos_app under row-level security, the values a query gives', async () => {
    await withTenant(t.id, async (tx) => {
      const copied: (string | null)[][] = [];
      // No tenant condition: row-level security of the transaction's role and tenant decides what COPY sees.
      const select = `select id::text, tenant_id::text, reason, after::text, target_id, current_user::text from audit_events order by seq`;
      await copyRows(tx, select, 6, (fields) => copied.push([...fields]));
      const queried = rowsOf<Record<string, string | null>>(await tx.execute(sql.raw(select))).map((row) => Object.values(row));
      expect(copied).toEqual(queried);
      expect(new Set(copied.map((row) => row[1]))).toEqual(new Set([t.id]));
      expect(copied.map((row) => row[5])).toContain('custos_app');
      expect(copied.some((row) => row[2] === AWKWARD_REASON && row[4] === null)).toBe(true);
    });
  });

  it.runIf(onPostgres)('throws what the row handler threw, and the transaction goes on', async () => {
    await withTenant(other.id, async (tx) => {
      let rows = 0;
      await expect(
        copyRows(tx, 'select g from generate_series(1, 20000) g', 1, () => {
          rows += 1;
          if (rows === 3) throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(rows).toBe(3);
      const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select 1 as n`));
      expect(row.n).toBe(1);
    });
  });

  it.runIf(onPostgres)('leaves the connection readable when the whole COPY arrived at once, past the stream buffer', async () => {
    // The event loop is held for a moment after the COPY is sent, so its rows (about 40 KB: over the stream's 16 KB, under one socket read's 64 KB
    // buffer), its end and the answer after it arrive in one socket read. postgres.js then pauses the socket at the
    // full buffer and, the COPY having ended, never resumed it: the next statement and the COMMIT were never answered.
    const hold = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    const committed = withTenant(t.id, async (tx) => {
      let rows = 0;
      const copying = copyRows(tx, `select repeat('x', 60) || g from generate_series(1, 600) g`, 1, () => {
        rows += 1;
      });
      setImmediate(() => hold(300));
      await copying;
      const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select 1 as n`));
      return { rows, n: row.n };
    });
    const timedOut = new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000).unref());
    expect(await Promise.race([committed, timedOut])).toEqual({ rows: 600, n: 1 });
  });
});
