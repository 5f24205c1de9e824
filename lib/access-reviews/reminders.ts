import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { tenants } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { Actor, TenantContext, TenantRef } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { accessReviewManagers, daysBetween } from './overdue';
import { isOverdue, todayOf } from './policy';

/** Reviewers are reminded this many days before the due date (once per campaign). */
export const REMINDER_DAYS_BEFORE_DUE = 3;

/** Who the job acts as in the audit trail. */
export const ACCESS_REVIEW_REMINDER_JOB: Actor = { type: 'system', id: 'send-access-review-reminders', name: 'Access-review reminder job' };

type CampaignFacts = { status: 'open' | 'closed'; dueOn: string; remindedAt: Date | string | null; escalatedAt: Date | string | null };

/**
 * What the job does to one campaign, as a pure rule: an open campaign is reminded once from REMINDER_DAYS_BEFORE_DUE
 * days before its due date (also when it started later than that, or is already overdue and was never reminded),
 * and escalated once when it is overdue (policy `isOverdue`: open after its due day).
 */
export function reminderSteps(campaign: CampaignFacts, at: Date): { remind: boolean; escalate: boolean } {
  if (campaign.status !== 'open') return { remind: false, escalate: false };
  const today = todayOf(at);
  return {
    remind: campaign.remindedAt === null && daysBetween(today, campaign.dueOn) <= REMINDER_DAYS_BEFORE_DUE,
    escalate: campaign.escalatedAt === null && isOverdue(campaign, at),
  };
}

export type ReminderRunSummary = {
  dryRun: boolean;
  /** Campaigns whose reviewers were (or would be) reminded, and how many mails that made. */
  reminded: number;
  reminderMails: number;
  /** Overdue campaigns escalated to the admins, and the mails. */
  escalated: number;
  escalationMails: number;
  tenants: string[];
};

type Campaign = {
  id: string;
  name: string;
  status: 'open' | 'closed';
  due_on: string;
  reminded_at: string | null;
  escalated_at: string | null;
};

/** Ends a dry run's transaction: everything it did is rolled back, its counts are kept. */
class DryRunDone extends Error {
  constructor(readonly result: TenantResult) {
    super('dry run');
  }
}
type TenantResult = Omit<ReminderRunSummary, 'dryRun' | 'tenants'>;

/**
 * The schedule `send-access-review-reminders` (daily): in every active tenant (or those of `tenantIds`), each open
 * campaign within REMINDER_DAYS_BEFORE_DUE days of its due date mails each reviewer who still has unsigned items in
 * it, once (`reminded_at`, audited `access_review.reminded`); each open campaign past its due date is escalated by
 * mail to the admins (active holders of access_reviews.manage), once (`escalated_at`, audited
 * `access_review.escalated`). A campaign is claimed by the UPDATE that finds it not yet reminded (escalated), so two
 * runs at once mail it once. `dryRun` counts and changes nothing. One transaction per tenant.
 */
export async function sendAccessReviewReminders(
  options: { dryRun?: boolean; tenantIds?: readonly string[] } = {},
): Promise<ReminderRunSummary> {
  const dryRun = options.dryRun === true;
  const at = now();
  const list = await activeTenants(options.tenantIds);
  const summary: ReminderRunSummary = { dryRun, reminded: 0, reminderMails: 0, escalated: 0, escalationMails: 0, tenants: [] };
  for (const tenant of list) {
    const result = await withTenant(tenant.id, async (tx) => {
      const ctx: TenantContext = {
        actor: ACCESS_REVIEW_REMINDER_JOB,
        tenant,
        membershipId: null,
        permissions: new Set<string>(),
        meta: { requestId: randomUUID() },
        db: tx,
        system: null,
      };
      const found = await remindIn(ctx, at);
      if (dryRun) throw new DryRunDone(found);
      return found;
    }).catch((error: unknown) => {
      if (error instanceof DryRunDone) return error.result;
      throw error;
    });
    summary.reminded += result.reminded;
    summary.reminderMails += result.reminderMails;
    summary.escalated += result.escalated;
    summary.escalationMails += result.escalationMails;
    if (result.reminded + result.escalated > 0) summary.tenants.push(tenant.slug);
  }
  return summary;
}

/** The active tenants a job goes through (only `tenantIds` when given: tests on a shared database). */
export async function activeTenants(tenantIds?: readonly string[]): Promise<TenantRef[]> {
  const db = await getDb();
  return db
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status, planId: tenants.planId })
    .from(tenants)
    .where(and(eq(tenants.status, 'active'), tenantIds ? inArray(tenants.id, [...tenantIds]) : undefined))
    .orderBy(tenants.slug);
}

const longDate = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

async function remindIn(ctx: TenantContext, at: Date): Promise<TenantResult> {
  const tx = ctx.db;
  const today = todayOf(at);
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + REMINDER_DAYS_BEFORE_DUE * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const candidates = rowsOf<Campaign>(
    await tx.execute(sql`
      select id, name, status, due_on::text as due_on, reminded_at, escalated_at from access_review_campaigns
       where tenant_id = ${ctx.tenant.id} and status = 'open' and due_on <= ${horizon}::date
         and (reminded_at is null or escalated_at is null)
       order by due_on, id`),
  );
  const result: TenantResult = { reminded: 0, reminderMails: 0, escalated: 0, escalationMails: 0 };
  for (const campaign of candidates) {
    const steps = reminderSteps(
      { status: campaign.status, dueOn: campaign.due_on, remindedAt: campaign.reminded_at, escalatedAt: campaign.escalated_at },
      at,
    );
    if (steps.remind) {
      const mails = await remind(ctx, campaign, at);
      if (mails !== null) {
        result.reminded += 1;
        result.reminderMails += mails;
      }
    }
    if (steps.escalate) {
      const mails = await escalate(ctx, campaign, at, today);
      if (mails !== null) {
        result.escalated += 1;
        result.escalationMails += mails;
      }
    }
  }
  return result;
}

/** Claim the reminder (null when another run has it), then mail each reviewer with unsigned items. */
async function remind(ctx: TenantContext, campaign: Campaign, at: Date): Promise<number | null> {
  const claimed = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      update access_review_campaigns set reminded_at = ${at.toISOString()}::timestamptz
       where tenant_id = ${ctx.tenant.id} and id = ${campaign.id} and status = 'open' and reminded_at is null
      returning id`),
  );
  if (claimed.length === 0) return null;
  const reviewers = rowsOf<{ reviewer_id: string; reviewer_name: string; email: string | null; name: string | null; open_items: number }>(
    await ctx.db.execute(sql`
      select i.reviewer_id, i.reviewer_name, u.email, u.name, count(*)::int as open_items
        from access_review_items i left join users u on u.id = i.reviewer_id
       where i.tenant_id = ${ctx.tenant.id} and i.campaign_id = ${campaign.id} and i.signed_at is null
       group by i.reviewer_id, i.reviewer_name, u.email, u.name
       order by i.reviewer_name, i.reviewer_id`),
  );
  const mailed = reviewers.filter((r) => r.email);
  for (const reviewer of mailed) {
    await enqueueEmail(ctx.db, {
      to: reviewer.email!,
      template: 'accessReviewReminder',
      data: {
        name: reviewer.name || reviewer.reviewer_name,
        tenantName: ctx.tenant.name,
        campaignName: campaign.name,
        dueOn: longDate(campaign.due_on),
        openItems: Number(reviewer.open_items),
        url: appUrl(`/t/${ctx.tenant.slug}/access-reviews/${campaign.id}`),
      },
    });
  }
  await recordAudit(ctx, {
    action: 'access_review.reminded',
    targetType: 'access_review',
    targetId: campaign.id,
    after: {
      name: campaign.name,
      dueOn: campaign.due_on,
      reviewers: mailed.map((r) => r.reviewer_id),
      openItems: reviewers.reduce((n, r) => n + Number(r.open_items), 0),
    },
  });
  return mailed.length;
}

/** Claim the escalation (null when another run has it), then mail every admin. */
async function escalate(ctx: TenantContext, campaign: Campaign, at: Date, today: string): Promise<number | null> {
  const claimed = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      update access_review_campaigns set escalated_at = ${at.toISOString()}::timestamptz
       where tenant_id = ${ctx.tenant.id} and id = ${campaign.id} and status = 'open' and escalated_at is null
      returning id`),
  );
  if (claimed.length === 0) return null;
  const [open] = rowsOf<{ items: number; reviewers: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as items, count(distinct reviewer_id)::int as reviewers from access_review_items
       where tenant_id = ${ctx.tenant.id} and campaign_id = ${campaign.id} and signed_at is null`),
  );
  const admins = await accessReviewManagers(ctx.db, ctx.tenant.id);
  const daysOverdue = daysBetween(campaign.due_on, today);
  for (const admin of admins) {
    await enqueueEmail(ctx.db, {
      to: admin.email,
      template: 'accessReviewOverdue',
      data: {
        name: admin.name,
        tenantName: ctx.tenant.name,
        campaignName: campaign.name,
        dueOn: longDate(campaign.due_on),
        daysOverdue,
        openItems: Number(open?.items ?? 0),
        reviewers: Number(open?.reviewers ?? 0),
        url: appUrl(`/t/${ctx.tenant.slug}/access-reviews/${campaign.id}`),
      },
    });
  }
  await recordAudit(ctx, {
    action: 'access_review.escalated',
    targetType: 'access_review',
    targetId: campaign.id,
    after: {
      name: campaign.name,
      dueOn: campaign.due_on,
      daysOverdue,
      openItems: Number(open?.items ?? 0),
      admins: admins.map((a) => a.userId),
    },
    reason: `Overdue since ${longDate(campaign.due_on)}`,
  });
  return admins.length;
}
