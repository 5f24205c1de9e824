import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { tenants } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError, validationFailed } from '@/lib/errors';
import { addMember, provisionTenant } from '@/lib/tenancy/provision-tenant';
import { parseInput } from '@/lib/validation';
import { adminTenantView, planOrInvalid, recordInTenantTrail, requirePlatformAdmin } from './platform-admin';
import { adminCreateTenantSchema, type AdminTenant } from './schemas';

/**
 * A platform administrator (or the CLI) creates a tenant on any plan, with the default roles, and makes
 * an existing verified account its admin. Unknown plan or account → 400 naming the field; taken slug →
 * 409. One transaction on the owner connection; audited in the platform trail and the tenant's own.
 */
export async function createTenantAsPlatformAdmin(
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
  options: { dryRun?: boolean } = {},
): Promise<AdminTenant> {
  requirePlatformAdmin(actor);
  const data = parseInput(adminCreateTenantSchema, input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const plan = await planOrInvalid(tx, data.plan);
      const [admin] = rowsOf<{ id: string; email: string; verified: boolean }>(
        await tx.execute(
          sql`select id, email, email_verified_at is not null as verified from users where lower(email) = lower(${data.adminEmail}) limit 1`,
        ),
      );
      if (!admin || !admin.verified) {
        throw validationFailed([
          {
            path: 'adminEmail',
            message: admin
              ? 'This account has not verified its email address yet.'
              : 'No account uses this email. Ask the person to sign up first.',
          },
        ]);
      }
      const taken = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from tenants where slug = ${data.slug}`));
      if (Number(taken[0].n) > 0) throw slugTaken();
      const { id, roleIds } = await provisionTenant(tx, { slug: data.slug, name: data.name, planId: plan.id });
      await addMember(tx, { tenantId: id, userId: admin.id, roleIds: [roleIds.admin] });
      const entry = {
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: id,
        after: { slug: data.slug, name: data.name, plan: plan.id, admin: { id: admin.id, email: admin.email } },
      };
      await recordPlatformAudit(tx, actor, meta, entry);
      await recordInTenantTrail(tx, id, actor, meta, entry);
      const [row] = await tx.select().from(tenants).where(eq(tenants.id, id));
      const view = adminTenantView(row, plan, 1);
      // A dry run (the CLI's --dry-run) makes every check and the tenant itself, then rolls it all back.
      if (options.dryRun) throw Object.assign(new Error('dry run: rolled back'), { dryRunResult: view });
      return view;
    });
  } catch (error) {
    const preview = (error as { dryRunResult?: AdminTenant }).dryRunResult;
    if (options.dryRun && preview) return preview;
    if ((error as { cause?: { code?: string } }).cause?.code === '23505' || (error as { code?: string }).code === '23505')
      throw slugTaken();
    throw error;
  }
}

const slugTaken = () =>
  new DomainError('conflict', 409, 'This address is already taken. Choose another.', [
    { path: 'slug', message: 'This address is already taken.' },
  ]);
