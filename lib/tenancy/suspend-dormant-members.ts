import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { memberships, tenants } from '@/db/schema';
import { keepingAFullAdmin } from '@/lib/access/member-guards';
import { recordAudit } from '@/lib/audit/record';
import type { Actor, TenantContext } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { applySuspension } from './suspend-member';

/** A member the dormant-member job warned or suspended (or, in a dry run, would): the tenant's slug and their email. */
export type DormantMember = { tenant: string; email: string };

/** Who the job acts as in the audit trail. */
export const DORMANT_MEMBER_JOB: Actor = { type: 'system', id: 'suspend-dormant-members', name: 'Dormant-member job' };

const DAY_MS = 24 * 60 * 60 * 1000;
/** The warning comes this long before the suspension, and a suspension never comes sooner than this after it. */
export const DORMANCY_WARNING_DAYS = 7;

/**
 * What the job does to one member, as a pure rule: `due` is their last activity (or joining) plus the tenant's days.
 * Not yet warned: a warning from a week before `due`. Warned: suspension once `due` has come and the warning is at
 * least a week old (so a member is always warned a week ahead, even when the setting is switched on late).
 */
export function dormancyStep(
  facts: { lastActiveAt: Date; warnedAt: Date | null },
  days: number,
  at: Date,
): { step: 'none' } | { step: 'warn'; suspendOn: Date } | { step: 'suspend' } {
  const due = facts.lastActiveAt.getTime() + days * DAY_MS;
  const week = DORMANCY_WARNING_DAYS * DAY_MS;
  if (!facts.warnedAt) {
    return at.getTime() >= due - week ? { step: 'warn', suspendOn: new Date(Math.max(due, at.getTime() + week)) } : { step: 'none' };
  }
  return at.getTime() >= Math.max(due, facts.warnedAt.getTime() + week) ? { step: 'suspend' } : { step: 'none' };
}

type Candidate = {
  id: string;
  user_id: string;
  email: string;
  name: string;
  last_active_at: string | Date;
  dormancy_warned_at: string | Date | null;
};

/** Ends a dry run's transaction: everything it did is rolled back, its lists are kept. */
class DryRunDone extends Error {
  constructor(readonly result: { warned: DormantMember[]; suspended: DormantMember[] }) {
    super('dry run');
  }
}

const longDate = (at: Date) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(at);

/**
 * The dormant-member job (cron route, CLI, schedule): in every active tenant whose setting `deactivateAfterDays` is a
 * number, active members who have not used the tenant (last_active_at, else the day they joined) for that many days
 * are suspended — audited `member.suspended` by the "Dormant-member job" with the days in the reason, and mailed.
 * A week before, each is warned once by mail (audited `member.dormancy_warned`); using the tenant clears the warning
 * and restarts the count. Admins are suspended like anyone, but never the tenant's last active full admin (they are
 * left as they are). `dryRun` lists who would be warned and suspended and changes nothing: no status, no mail, no
 * audit. One transaction per tenant, the tenant named for row-level security.
 */
export async function suspendDormantMembers(
  options: { dryRun?: boolean } = {},
): Promise<{ warned: DormantMember[]; suspended: DormantMember[] }> {
  const dryRun = options.dryRun === true;
  const db = await getDb();
  const at = now();
  const rows = await db
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      status: tenants.status,
      planId: tenants.planId,
      settings: tenants.settings,
    })
    .from(tenants)
    .where(eq(tenants.status, 'active'))
    .orderBy(tenants.slug);
  const warned: DormantMember[] = [];
  const suspended: DormantMember[] = [];
  for (const tenant of rows) {
    const days = tenant.settings.deactivateAfterDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) continue;
    const result = await db
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${tenant.id}, true)`);
        const ctx: TenantContext = {
          actor: DORMANT_MEMBER_JOB,
          tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status, planId: tenant.planId },
          membershipId: null,
          permissions: new Set<string>(),
          meta: { requestId: randomUUID() },
          db: tx,
          system: null,
        };
        const found = await dormantIn(ctx, days, at, dryRun);
        if (dryRun) throw new DryRunDone(found);
        return found;
      })
      .catch((error: unknown) => {
        if (error instanceof DryRunDone) return error.result;
        throw error;
      });
    warned.push(...result.warned);
    suspended.push(...result.suspended);
  }
  return { warned, suspended };
}

async function dormantIn(
  ctx: TenantContext,
  days: number,
  at: Date,
  dryRun: boolean,
): Promise<{ warned: DormantMember[]; suspended: DormantMember[] }> {
  const tx = ctx.db;
  const candidates = rowsOf<Candidate>(
    await tx.execute(sql`
      select m.id, m.user_id, u.email, u.name, coalesce(m.last_active_at, m.created_at) as last_active_at, m.dormancy_warned_at
        from memberships m join users u on u.id = m.user_id
       where m.tenant_id = ${ctx.tenant.id} and m.status = 'active'
         and coalesce(m.last_active_at, m.created_at) <= ${new Date(at.getTime() - (days - DORMANCY_WARNING_DAYS) * DAY_MS).toISOString()}::timestamptz
       order by coalesce(m.last_active_at, m.created_at), m.id
       for update of m`),
  );
  const warned: DormantMember[] = [];
  const suspended: DormantMember[] = [];
  for (const member of candidates) {
    const lastActiveAt = new Date(member.last_active_at);
    const warnedAt = member.dormancy_warned_at === null ? null : new Date(member.dormancy_warned_at);
    const decision = dormancyStep({ lastActiveAt, warnedAt }, days, at);
    const who = { tenant: ctx.tenant.slug, email: member.email };
    if (decision.step === 'warn') {
      warned.push(who);
      if (!dryRun) await warn(ctx, member, days, lastActiveAt, decision.suspendOn, at);
    } else if (decision.step === 'suspend') {
      if (await suspendUnlessLastAdmin(ctx, member, days, lastActiveAt, dryRun)) suspended.push(who);
    }
  }
  return { warned, suspended };
}

async function warn(ctx: TenantContext, member: Candidate, days: number, lastActiveAt: Date, suspendOn: Date, at: Date): Promise<void> {
  await ctx.db
    .update(memberships)
    .set({ dormancyWarnedAt: at })
    .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.id, member.id)));
  await recordAudit(ctx, {
    action: 'member.dormancy_warned',
    targetType: 'member',
    targetId: member.id,
    after: { userId: member.user_id, email: member.email, lastActiveAt: lastActiveAt.toISOString(), suspendOn: suspendOn.toISOString() },
    reason: `Not used the tenant since ${longDate(lastActiveAt)}; members are suspended after ${days} days without use`,
  });
  await enqueueEmail(ctx.db, {
    to: member.email,
    template: 'dormancyWarning',
    data: { name: member.name, tenantName: ctx.tenant.name, days, suspendOn: longDate(suspendOn), url: appUrl(`/t/${ctx.tenant.slug}`) },
  });
}

/** Suspend in a savepoint; the tenant's last active full admin is refused (409) and left as they are: false. */
async function suspendUnlessLastAdmin(
  ctx: TenantContext,
  member: Candidate,
  days: number,
  lastActiveAt: Date,
  dryRun: boolean,
): Promise<boolean> {
  try {
    await ctx.db.transaction(async (savepoint: Tx) => {
      const inner = { ...ctx, db: savepoint };
      if (dryRun) {
        // Only the status, so later candidates are judged as a real run would judge them; the run is rolled back.
        await keepingAFullAdmin(inner, async () => {
          await savepoint
            .update(memberships)
            .set({ status: 'suspended' })
            .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.id, member.id)));
        });
        return;
      }
      await applySuspension(
        inner,
        { id: member.id, user: { id: member.user_id, email: member.email, name: member.name, image: null } },
        `Not used the tenant for ${days} days (since ${longDate(lastActiveAt)})`,
        { after: { lastActiveAt: lastActiveAt.toISOString(), inactiveDaysLimit: days } },
      );
    });
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'conflict') return false;
    throw error;
  }
}
