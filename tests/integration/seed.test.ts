import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { DEMO_LOGINS, DEMO_PASSWORD, demoLoginsText, seed } from '@/db/seed';
import { users } from '@/db/schema';
import { verifyPassword } from '@/lib/auth/password';
import { listMyTenants } from '@/lib/tenancy/list-my-tenants';

// The demo data of API.md, as `npm run dev` loads it on first start.
describe('demo seed', () => {
  it('creates the demo logins, tenants and roles of API.md once', async () => {
    const db = await getDb();
    const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users where email like '%@acme.test'`));
    const first = await seed(db);
    expect(first.seeded).toBe(Number(n) === 0);
    expect((await seed(db)).seeded).toBe(false);

    for (const login of DEMO_LOGINS) {
      const [user] = await db.select().from(users).where(eq(users.email, login.email));
      expect(user, login.email).toBeDefined();
      expect(user.emailVerified).not.toBeNull();
      expect(user.isPlatformAdmin).toBe(login.tenant === null);
      expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      const tenants = await listMyTenants(user.id);
      expect(tenants.map((t) => ({ slug: t.slug, roles: t.roles }))).toEqual(
        login.tenant ? [{ slug: login.tenant, roles: login.roles }] : [],
      );
    }
    const [admin] = await db.select().from(users).where(eq(users.email, 'admin@acme.test'));
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(admin.passwordHash, 'wrong-password')).toBe(false);
    const plans = rowsOf<{ slug: string; plan: string }>(await db.execute(sql`select slug, plan_id as plan from tenants where slug in ('acme', 'globex') order by slug`));
    expect(plans).toEqual([
      { slug: 'acme', plan: 'team' },
      { slug: 'globex', plan: 'starter' },
    ]);
  });

  it('prints every demo login with the password', () => {
    const text = demoLoginsText('http://localhost:3000');
    expect(text).toContain(DEMO_PASSWORD);
    for (const login of DEMO_LOGINS) expect(text).toContain(login.email);
  });
});
