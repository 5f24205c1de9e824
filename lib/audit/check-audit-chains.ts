import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import type { Actor, TenantContext } from '@/lib/context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { recordWebhookEvent } from '@/lib/webhooks/record-event';
import { recordPlatformAudit } from './record';
import { verifyAuditChain } from './verify-chain';

/** Who the check acts as in the platform trail. */
export const AUDIT_CHAIN_CHECK: Actor = { type: 'system', id: 'check-audit-chains', name: 'Audit chain check' };

export type AuditChainCheckSummary = {
  /** Tenants whose chain was walked. */
  tenants: number;
  /** Audit events checked, all tenants together. */
  events: number;
  /** Slugs of tenants whose chain is broken (a tenant's slug is no secret; counts and slugs only). */
  broken: string[];
  /** Of those, the tenants for which the break is new: `audit.chain.broken` raised and the platform trail told. */
  raised: string[];
};

type TenantRow = { id: string; slug: string; name: string; status: 'active' | 'suspended'; plan_id: string };

/**
 * The schedule `check-audit-chains` (daily): walk every tenant's audit hash chain (lib/audit/verify-chain.ts, one
 * pass in keyset pages per tenant, hashed in Node) and, where it is broken, raise `audit.chain.broken` to the tenant's webhook endpoints,
 * Slack/Teams channels and email digests, and write `audit.chain_broken` in the platform trail.
 *
 * Once per break: a break is known by its first broken sequence number, and the tenant's own webhook_events remember
 * which were raised (an event of this type whose data names the same sequence), so tomorrow's check of the same break
 * raises nothing; a break found earlier in the chain (another alteration) is a new one. The event is written in the
 * tenant transaction that looked for it, so two checks at once raise it once (the second waits on the tenant's lock
 * of the check and then finds it).
 */
export async function checkAuditChains(): Promise<AuditChainCheckSummary> {
  const db = await getDb();
  const tenants = rowsOf<TenantRow>(await db.execute(sql`select id, slug, name, status, plan_id from tenants order by slug`));
  const summary: AuditChainCheckSummary = { tenants: 0, events: 0, broken: [], raised: [] };
  for (const tenant of tenants) {
    const outcome = await withTenant(tenant.id, async (tx) => {
      // One check per tenant at a time (two servers, or the CLI beside the engine): the second waits here.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('check-audit-chains'), hashtext(${tenant.id}))`);
      const ctx: TenantContext = {
        actor: AUDIT_CHAIN_CHECK,
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status, planId: tenant.plan_id },
        membershipId: null,
        permissions: new Set(['audit.read']),
        meta: { requestId: randomUUID() },
        db: tx,
        system: null,
      };
      const verdict = await verifyAuditChain(ctx);
      if (verdict.valid || !verdict.brokenAt) return { checked: verdict.checked, broken: null, raised: false };
      const brokenAt = verdict.brokenAt;
      const known = rowsOf<{ id: string }>(
        await tx.execute(sql`
          select id from webhook_events
           where tenant_id = ${tenant.id} and type = 'audit.chain.broken'
             and payload -> 'data' ->> 'firstBrokenSequence' = ${String(brokenAt.seq)}
           limit 1`),
      );
      if (known.length > 0) return { checked: verdict.checked, broken: brokenAt, raised: false };
      await recordWebhookEvent(tx, tenant.id, 'audit.chain.broken', {
        firstBrokenSequence: brokenAt.seq,
        firstBrokenEventId: brokenAt.id,
        checkedEvents: verdict.checked,
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      });
      return { checked: verdict.checked, broken: brokenAt, raised: true };
    });
    summary.tenants += 1;
    summary.events += outcome.checked;
    if (!outcome.broken) continue;
    summary.broken.push(tenant.slug);
    if (!outcome.raised) continue;
    summary.raised.push(tenant.slug);
    await recordPlatformAudit(db, AUDIT_CHAIN_CHECK, null, {
      action: 'audit.chain_broken',
      targetType: 'tenant',
      targetId: tenant.id,
      after: {
        name: tenant.name,
        slug: tenant.slug,
        firstBrokenSequence: outcome.broken.seq,
        firstBrokenEventId: outcome.broken.id,
        checkedEvents: outcome.checked,
      },
    });
  }
  return summary;
}
