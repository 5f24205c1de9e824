import { sql } from 'drizzle-orm';
import { rowsOf } from './rows';
import type { Db } from './client';
import { insertUser } from '@/lib/auth/create-user';
import { addMember, provisionTenant } from '@/lib/tenancy/provision-tenant';
import { recordPlatformAudit } from '@/lib/audit/record';
import { seedQuality } from './seed-quality';
import { DEMO_SYSTEM, seedSystems } from './seed-systems';

/** The demo data of API.md. Every login's password is DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'custos-demo-pass';

export const DEMO_TENANTS = [
  { slug: 'acme', name: 'Acme Pharma', planId: 'team' },
  { slug: 'globex', name: 'Globex Biologics', planId: 'starter' },
] as const;

export const DEMO_LOGINS: ReadonlyArray<{ email: string; name: string; tenant: string | null; roles: string[] }> = [
  { email: 'root@custos.test', name: 'Rita Root', tenant: null, roles: [] },
  { email: 'admin@acme.test', name: 'Ada Admin', tenant: 'acme', roles: ['admin'] },
  { email: 'qa@acme.test', name: 'Quinn Quality', tenant: 'acme', roles: ['qa'] },
  { email: 'qa2@acme.test', name: 'Quentin Second', tenant: 'acme', roles: ['qa'] },
  { email: 'operator@acme.test', name: 'Omar Operator', tenant: 'acme', roles: ['operator'] },
  { email: 'viewer@acme.test', name: 'Vera Viewer', tenant: 'acme', roles: ['viewer'] },
  { email: 'admin@globex.test', name: 'Gail Globex', tenant: 'globex', roles: ['admin'] },
  { email: 'operator@globex.test', name: 'Otto Globex', tenant: 'globex', roles: ['operator'] },
  { email: 'qa@globex.test', name: 'Greta Quality', tenant: 'globex', roles: ['qa'] },
];

/** True when the demo data is already there (its platform admin exists): seeding is skipped then. */
export async function isSeeded(db: Db): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from users where lower(email) = ${DEMO_LOGINS[0].email}`),
  );
  return Number(rows[0].n) > 0;
}

/** Load the demo data in one transaction. Idempotent: does nothing when it is already there. */
export async function seed(db: Db): Promise<{ seeded: boolean }> {
  if (await isSeeded(db)) return { seeded: false };
  await db.transaction(async (tx) => {
    const userIds: Record<string, string> = {};
    for (const login of DEMO_LOGINS) {
      const user = await insertUser(tx, {
        email: login.email,
        name: login.name,
        password: DEMO_PASSWORD,
        verified: true,
        isPlatformAdmin: login.tenant === null,
      });
      userIds[login.email] = user.id;
    }
    for (const t of DEMO_TENANTS) {
      const { id, roleIds } = await provisionTenant(tx, t);
      const membershipIds: Record<string, string> = {};
      for (const login of DEMO_LOGINS.filter((l) => l.tenant === t.slug)) {
        const { membershipId } = await addMember(tx, {
          tenantId: id,
          userId: userIds[login.email],
          roleIds: login.roles.map((r) => roleIds[r]),
        });
        membershipIds[login.email] = membershipId;
      }
      await recordPlatformAudit(tx, { type: 'system', id: 'seed', name: 'Demo seed' }, null, {
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: id,
        after: { slug: t.slug, name: t.name, plan: t.planId },
      });
      // Batch records (sites, batches across the lifecycle, inspections, signatures) through the domain functions.
      const people = (role: string) =>
        DEMO_LOGINS.filter((l) => l.tenant === t.slug && l.roles.includes(role)).map((l) => ({
          id: userIds[l.email],
          name: l.name,
          email: l.email,
        }));
      const [admin] = people('admin');
      const [operator] = people('operator');
      const [qa, qa2] = people('qa'); // globex has one QA person: inspections signed, batches stop at review (release needs a second)
      await seedQuality(tx, { id, slug: t.slug, name: t.name, planId: t.planId }, { admin, operator, qa, qa2 }, DEMO_PASSWORD);
      if (t.slug === DEMO_SYSTEM.tenant) {
        const holder = DEMO_LOGINS.find((l) => l.email === DEMO_SYSTEM.holder)!;
        await seedSystems(tx, { id, slug: t.slug, name: t.name, planId: t.planId }, admin, {
          membershipId: membershipIds[holder.email],
          roles: holder.roles,
        });
      }
    }
  });
  return { seeded: true };
}

export function demoLoginsText(appUrl: string): string {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
  const lines = DEMO_LOGINS.map(
    (l) => `  ${l.email.padEnd(width)}  ${l.tenant ? `${l.tenant} · ${l.roles.join(', ')}` : 'platform admin'}`,
  );
  return [`Demo logins (password: ${DEMO_PASSWORD}) — sign in at ${appUrl}/sign-in`, ...lines].join('\n');
}
