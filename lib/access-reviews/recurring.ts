import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import type { AccessReviewRecurrence, AccessReviewReviewers, AccessReviewScope } from '@/db/schema/access-reviews';
import { recordAudit } from '@/lib/audit/record';
import type { Actor, TenantContext, TenantRef } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { logger } from '@/lib/platform/logger';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createAccessReview } from './create-access-review';
import { accessReviewManagers, daysBetween } from './overdue';
import { NAME_MAX, todayOf } from './policy';
import { activeTenants } from './reminders';

/** Who the job acts as in its own audit entries (the new campaign itself is started in its owner's name). */
export const RECURRING_ACCESS_REVIEW_JOB: Actor = {
  type: 'system',
  id: 'start-recurring-access-reviews',
  name: 'Recurring access-review job',
};

const MONTHS: Record<Exclude<AccessReviewRecurrence, 'none'>, number> = { quarterly: 3, yearly: 12 };

/** `day` (YYYY-MM-DD) plus `months`, the day of month kept where the month has it (else its last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The period a campaign starting on `day` belongs to: "Q3 2027" (quarterly) or "2027" (yearly). */
export function periodLabel(recurrence: Exclude<AccessReviewRecurrence, 'none'>, day: string): string {
  const [y, m] = day.split('-').map(Number);
  return recurrence === 'quarterly' ? `Q${Math.floor((m - 1) / 3) + 1} ${y}` : String(y);
}

/**
 * The next campaign's name: the previous one's with its period replaced ("Q1 2027 access review" → "Q2 2027 access
 * review"; "Access review 2027" → "Access review 2028"), or the period appended when it names none.
 */
export function successorName(name: string, recurrence: Exclude<AccessReviewRecurrence, 'none'>, label: string): string {
  const quarter = /\bQ[1-4][ -]\d{4}\b/;
  const year = /\b(19|20)\d{2}\b(?!.*\b(19|20)\d{2}\b)/;
  let next: string;
  if (recurrence === 'quarterly' && quarter.test(name)) next = name.replace(quarter, label);
  else if (recurrence === 'yearly' && year.test(name)) next = name.replace(year, label);
  else next = `${name.slice(0, NAME_MAX - label.length - 1)} ${label}`;
  return next.slice(0, NAME_MAX);
}

/**
 * When a recurring campaign's successor is due, as a pure rule: a period (3 or 12 months) after the day it started.
 * The successor starts on the day the schedule finds it due, is named for that day's period, and is due as many
 * days after its start as the previous one was.
 */
export function successorPlan(
  campaign: { name: string; recurrence: AccessReviewRecurrence; startedOn: string; dueOn: string },
  at: Date,
): { due: false } | { due: true; name: string; dueOn: string; startsOn: string } {
  if (campaign.recurrence === 'none') return { due: false };
  const today = todayOf(at);
  const startsOn = addMonths(campaign.startedOn, MONTHS[campaign.recurrence]);
  if (today < startsOn) return { due: false };
  const length = Math.max(1, daysBetween(campaign.startedOn, campaign.dueOn));
  return {
    due: true,
    name: successorName(campaign.name, campaign.recurrence, periodLabel(campaign.recurrence, today)),
    dueOn: addDays(today, length),
    startsOn: today,
  };
}

export type RecurringRunSummary = {
  dryRun: boolean;
  /** Campaigns started (or, in a dry run, that would be). */
  started: number;
  /** Successors not started, with why (an owner who no longer manages access reviews, a reviewer who left). */
  failed: { tenant: string; campaignId: string; reason: string }[];
  tenants: string[];
};

type Candidate = {
  id: string;
  name: string;
  scope: AccessReviewScope;
  reviewers: AccessReviewReviewers;
  due_on: string;
  recurrence: AccessReviewRecurrence;
  created_at: string | Date;
  owner_id: string;
  owner_name: string;
};

class DryRunDone extends Error {
  constructor(readonly result: { started: number; failed: RecurringRunSummary['failed'] }) {
    super('dry run');
  }
}

/**
 * The schedule `start-recurring-access-reviews` (daily): in every active tenant (or those of `tenantIds`), each
 * quarterly or yearly campaign without a successor whose period has passed (`successorPlan`) starts the next one:
 * same scope, reviewers, recurrence and owner (started in the owner's name through `createAccessReview`, so the
 * scope and the items are resolved as they are now), named for the new period, `previousCampaignId` set. Audited
 * `access_review.started` (by the owner, as every start) and `access_review.recurred` on the previous campaign (by the
 * job). Never two successors: the candidate is locked (SKIP LOCKED) and the unique index on previous_campaign_id
 * turns a second insert into a skip. An owner who no longer holds access_reviews.manage, or a start refused as bad
 * input (a reviewer who left), is reported in `failed` and tried again the next day. `dryRun` changes nothing.
 */
export async function startRecurringAccessReviews(
  options: { dryRun?: boolean; tenantIds?: readonly string[] } = {},
): Promise<RecurringRunSummary> {
  const dryRun = options.dryRun === true;
  const at = now();
  const summary: RecurringRunSummary = { dryRun, started: 0, failed: [], tenants: [] };
  for (const tenant of await activeTenants(options.tenantIds)) {
    const result = await withTenant(tenant.id, async (tx) => {
      const found = await startIn(tenant, tx, at);
      if (dryRun) throw new DryRunDone(found);
      return found;
    }).catch((error: unknown) => {
      if (error instanceof DryRunDone) return error.result;
      throw error;
    });
    summary.started += result.started;
    summary.failed.push(...result.failed);
    if (result.started > 0) summary.tenants.push(tenant.slug);
  }
  return summary;
}

async function startIn(
  tenant: TenantRef,
  tx: TenantContext['db'],
  at: Date,
): Promise<{ started: number; failed: RecurringRunSummary['failed'] }> {
  const candidates = rowsOf<Candidate>(
    await tx.execute(sql`
      select c.id, c.name, c.scope, c.reviewers, c.due_on::text as due_on, c.recurrence, c.created_at, c.owner_id, c.owner_name
        from access_review_campaigns c
       where c.tenant_id = ${tenant.id} and c.recurrence in ('quarterly', 'yearly')
         and not exists (select 1 from access_review_campaigns n where n.tenant_id = c.tenant_id and n.previous_campaign_id = c.id)
       order by c.created_at, c.id
       for update of c skip locked`),
  );
  let started = 0;
  const failed: RecurringRunSummary['failed'] = [];
  const managers = new Map((await accessReviewManagers(tx, tenant.id)).map((m) => [m.userId, m]));
  for (const campaign of candidates) {
    const plan = successorPlan(
      { name: campaign.name, recurrence: campaign.recurrence, startedOn: todayOf(new Date(campaign.created_at)), dueOn: campaign.due_on },
      at,
    );
    if (!plan.due) continue;
    const owner = managers.get(campaign.owner_id);
    if (!owner) {
      failed.push({
        tenant: tenant.slug,
        campaignId: campaign.id,
        reason: `The owner ${campaign.owner_name} no longer manages access reviews.`,
      });
      continue;
    }
    const [membership] = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from memberships where tenant_id = ${tenant.id} and user_id = ${owner.userId} and status = 'active'`),
    );
    const meta = { requestId: randomUUID() };
    const ownerCtx = (db: TenantContext['db']): TenantContext => ({
      actor: { type: 'user', id: owner.userId, name: campaign.owner_name, email: owner.email, isPlatformAdmin: false },
      tenant,
      membershipId: membership?.id ?? null,
      permissions: new Set(['access_reviews.manage']),
      meta,
      db,
      system: null,
    });
    try {
      // A savepoint: a refused start (bad input, or another run's successor first) leaves the others standing.
      const next = await tx.transaction(async (savepoint) => {
        const created = await createAccessReview(
          ownerCtx(savepoint),
          { name: plan.name, scope: campaign.scope, reviewers: campaign.reviewers, dueOn: plan.dueOn, recurrence: campaign.recurrence },
          { previousCampaignId: campaign.id },
        );
        await recordAudit(
          { ...ownerCtx(savepoint), actor: RECURRING_ACCESS_REVIEW_JOB, membershipId: null },
          {
            action: 'access_review.recurred',
            targetType: 'access_review',
            targetId: campaign.id,
            after: { name: campaign.name, next: { id: created.id, name: plan.name, dueOn: plan.dueOn }, recurrence: campaign.recurrence },
          },
        );
        return created;
      });
      logger.info({ tenant: tenant.slug, previous: campaign.id, next: next.id }, 'recurring access review started');
      started += 1;
    } catch (error) {
      if (isUniqueViolation(error)) continue; // another run started it a moment ago
      if (error instanceof DomainError && error.status < 500) {
        const fields = (error.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
        failed.push({ tenant: tenant.slug, campaignId: campaign.id, reason: fields ? `${error.message} ${fields}` : error.message });
        continue;
      }
      throw error;
    }
  }
  return { started, failed };
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
