import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { DEMO_LOGINS, DEMO_PASSWORD, demoLoginsText, seed } from '@/db/seed';
import { DEMO_SYSTEM } from '@/db/seed-systems';
import { users } from '@/db/schema';
import { loadMemberAccess } from '@/lib/access/member-access';
import { verifyPassword } from '@/lib/auth/password';
import { findClientForProvider } from '@/lib/oidc-clients/find-client-for-provider';
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
      // The holder of the demo system's role also has that one (see the next test).
      const roles = [...login.roles, ...(login.email === DEMO_SYSTEM.holder ? [DEMO_SYSTEM.role] : [])].sort();
      expect(tenants.map((t) => ({ slug: t.slug, roles: [...t.roles].sort() }))).toEqual(
        login.tenant ? [{ slug: login.tenant, roles }] : [],
      );
    }
    const [admin] = await db.select().from(users).where(eq(users.email, 'admin@acme.test'));
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(admin.passwordHash, 'wrong-password')).toBe(false);
    const plans = rowsOf<{ slug: string; plan: string }>(
      await db.execute(sql`select slug, plan_id as plan from tenants where slug in ('acme', 'globex') order by slug`),
    );
    expect(plans).toEqual([
      { slug: 'acme', plan: 'team' },
      { slug: 'globex', plan: 'starter' },
    ]);
  });

  it('gives both tenants two sites and batches across the lifecycle, with inspections and signatures', async () => {
    const db = await getDb();
    await seed(db);
    const rows = rowsOf<{ slug: string; sites: number; statuses: string[]; inspections: number; signatures: number; invalid: number }>(
      await db.execute(sql`
        select t.slug,
               (select count(*)::int from sites s where s.tenant_id = t.id) as sites,
               (select array_agg(distinct b.status order by b.status) from batches b where b.tenant_id = t.id) as statuses,
               (select count(*)::int from inspections i where i.tenant_id = t.id) as inspections,
               (select count(*)::int from electronic_signatures e where e.tenant_id = t.id) as signatures,
               (select count(*)::int from electronic_signatures e where e.tenant_id = t.id
                   and e.signer_id not in (select m.user_id from memberships m where m.tenant_id = t.id)) as invalid
          from tenants t where t.slug in ('acme', 'globex') order by t.slug`),
    );
    const [acme, globex] = rows;
    expect(acme).toMatchObject({ slug: 'acme', sites: 2, invalid: 0 });
    expect([...acme.statuses].sort()).toEqual([
      'in_production',
      'planned',
      'quarantined',
      'recalled',
      'rejected',
      'released',
      'under_review',
    ]);
    expect(acme.inspections).toBeGreaterThanOrEqual(6);
    expect(acme.signatures).toBeGreaterThanOrEqual(8);
    // Globex has one QA person: inspections reviewed with a signature, batches as far as review (a release needs
    // someone other than the reviewer of its inspection).
    expect(globex).toMatchObject({ slug: 'globex', sites: 2, invalid: 0 });
    expect(globex.signatures).toBeGreaterThanOrEqual(1);
    expect([...globex.statuses].sort()).toEqual(['in_production', 'planned', 'quarantined', 'under_review']);
    expect(globex.inspections).toBeGreaterThanOrEqual(3);
    // Every released or rejected acme batch carries its signature, still matching the record.
    const decided = rowsOf<{ status: string; meanings: string[] }>(
      await db.execute(sql`
        select b.status, array_agg(e.meaning order by e.signed_at) as meanings from batches b
          join tenants t on t.id = b.tenant_id and t.slug = 'acme'
          join electronic_signatures e on e.record_type = 'batch' and e.record_id = b.id
         group by b.id, b.status order by b.status`),
    );
    expect(decided.map((d) => [d.status, [...d.meanings]])).toEqual([
      ['recalled', ['released', 'recalled']],
      ['rejected', ['rejected']],
      ['released', ['released']],
    ]);
  });

  it('gives acme one downstream system with a system role held by the operator and one confidential OpenID client', async () => {
    const db = await getDb();
    await seed(db);
    const [system] = rowsOf<{ id: string; tenant: string; name: string; active: boolean; permissions: string[] }>(
      await db.execute(sql`select s.id, t.slug as tenant, s.name, s.active, s.permissions from systems s
                             join tenants t on t.id = s.tenant_id where s.slug = ${DEMO_SYSTEM.slug}`),
    );
    expect(system).toMatchObject({ tenant: 'acme', name: DEMO_SYSTEM.name, active: true });
    expect([...system.permissions].sort()).toEqual(['ims:stock.adjust', 'ims:stock.read']);
    const globexSystems = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from systems s join tenants t on t.id = s.tenant_id where t.slug = 'globex'`),
    );
    expect(globexSystems[0].n).toBe(0);

    // The system role grants both keys, and only the operator holds it: their access has the keys, the viewer's not.
    const holders = rowsOf<{ email: string; permissions: string[] }>(
      await db.execute(sql`select u.email, array(select rp.permission from role_permissions rp where rp.role_id = r.id order by 1) as permissions
                             from roles r join member_roles mr on mr.role_id = r.id join memberships m on m.id = mr.membership_id
                             join users u on u.id = m.user_id
                            where r.system_id = ${system.id} and r.name = ${DEMO_SYSTEM.role}`),
    );
    expect(holders.map((h) => ({ email: h.email, permissions: [...h.permissions] }))).toEqual([
      { email: DEMO_SYSTEM.holder, permissions: ['ims:stock.adjust', 'ims:stock.read'] },
    ]);
    const accessOf = async (email: string) => {
      const [row] = rowsOf<{ tenant: string; user: string }>(
        await db.execute(sql`select m.tenant_id as tenant, m.user_id as user from memberships m join users u on u.id = m.user_id
                              where u.email = ${email}`),
      );
      return db.transaction((tx) => loadMemberAccess(tx, row.tenant, row.user));
    };
    expect((await accessOf(DEMO_SYSTEM.holder))?.permissions.has('ims:stock.adjust')).toBe(true);
    expect((await accessOf('viewer@acme.test'))?.permissions.has('ims:stock.read')).toBe(false);

    // The client as the OpenID Provider reads it: confidential, its redirect URI, a sealed secret that opens under
    // this AUTH_SECRET; the secret is in no audit event.
    const clients = rowsOf<{ client_id: string }>(await db.execute(sql`select client_id from oidc_clients where system_id = ${system.id}`));
    expect(clients).toHaveLength(1);
    const client = await findClientForProvider(clients[0].client_id);
    expect(client).toMatchObject({
      name: DEMO_SYSTEM.client.name,
      type: 'confidential',
      tenantSlug: 'acme',
      systemSlug: DEMO_SYSTEM.slug,
      redirectUris: [DEMO_SYSTEM.client.redirectUri],
    });
    expect(client?.secret).toMatch(/.{20,}/);
    const leaks = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from audit_events where strpos(coalesce(after::text, '') || coalesce(before::text, ''), ${client!.secret!}) > 0`,
      ),
    );
    expect(leaks[0].n).toBe(0);
    const audited = rowsOf<{ action: string }>(
      await db.execute(sql`select action from audit_events a join tenants t on t.id = a.tenant_id
                            where t.slug = 'acme' and action in ('system.created', 'role.created', 'member.updated', 'oidc_client.created') order by action`),
    );
    expect(audited.map((a) => a.action)).toEqual(['member.updated', 'oidc_client.created', 'role.created', 'system.created']);
  });

  it('prints every demo login with the password', () => {
    const text = demoLoginsText('http://localhost:3000');
    expect(text).toContain(DEMO_PASSWORD);
    for (const login of DEMO_LOGINS) expect(text).toContain(login.email);
  });
});
