import { sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { eventLink, eventSentence, eventTimeWords, eventTitle } from '@/lib/webhooks/chat-message';
import { TEST_EVENT_TYPE } from '@/lib/webhooks/event-types';
import type { NotificationDigestFrequency } from '@/db/schema/webhooks';
import { digestWindow, isDigestDue, MAX_EVENTS_PER_DIGEST } from './policy';

/** What one run did: counts only (never an address). */
export type DigestRunSummary = { tenants: number; due: number; sent: number; mails: number; empty: number };

type DigestRow = {
  id: string;
  name: string;
  recipients: string[];
  event_types: string[];
  frequency: NotificationDigestFrequency;
  enabled: boolean;
  last_sent_at: string | Date | null;
  created_at: string | Date;
};

type EventRow = { id: string; type: string; payload: unknown; created_at: string | Date; total: string | number };

const asDate = (value: string | Date) => new Date(value);
const parseJson = <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The schedule `send-notification-digests` (every hour): for each enabled, due email digest of every active tenant,
 * the tenant's events of the chosen types since the digest's last mail (up to a minute ago: a change still
 * committing is left for the next one), one mail per recipient through the outbox, and the digest's `last_sent_at`
 * moved on — all in one tenant transaction, so a digest's events are mailed once: never twice (the digest row is
 * locked, and a second run finds it no longer due), never lost (a failed run leaves it due). A digest with nothing
 * to tell sends nothing (its window still moves on). An empty recipient list is the tenant's admins (members who may
 * change the tenant's settings) as they are now.
 */
export async function sendNotificationDigests(): Promise<DigestRunSummary> {
  const at = now();
  const db = await getDb();
  const tenants = rowsOf<{ id: string; slug: string; name: string }>(
    await db.execute(sql`
      select t.id, t.slug, t.name from tenants t
       where t.status = 'active' and exists (select 1 from notification_digests d where d.tenant_id = t.id and d.enabled)
       order by t.slug`),
  );
  const summary: DigestRunSummary = { tenants: 0, due: 0, sent: 0, mails: 0, empty: 0 };
  for (const tenant of tenants) {
    const result = await withTenant(tenant.id, (tx) => sendTenantDigests(tx, tenant, at));
    summary.tenants += 1;
    summary.due += result.due;
    summary.sent += result.sent;
    summary.mails += result.mails;
    summary.empty += result.empty;
  }
  return summary;
}

async function sendTenantDigests(
  tx: Tx,
  tenant: { id: string; slug: string; name: string },
  at: Date,
): Promise<Omit<DigestRunSummary, 'tenants'>> {
  // Locked, and skipped when another run holds them: that run sends them.
  const digests = rowsOf<DigestRow>(
    await tx.execute(sql`
      select id, name, recipients, event_types, frequency, enabled, last_sent_at, created_at
        from notification_digests
       where tenant_id = ${tenant.id} and enabled
       order by created_at, id
       for update skip locked`),
  );
  const result = { due: 0, sent: 0, mails: 0, empty: 0 };
  let admins: string[] | null = null;
  for (const row of digests) {
    const digest = {
      frequency: row.frequency,
      enabled: row.enabled,
      lastSentAt: row.last_sent_at === null ? null : asDate(row.last_sent_at),
      createdAt: asDate(row.created_at),
    };
    if (!isDigestDue(digest, at)) continue;
    result.due += 1;
    const window = digestWindow(digest, at);
    const events = rowsOf<EventRow>(
      await tx.execute(sql`
        select e.id, e.type, e.payload, e.created_at, count(*) over () as total
          from webhook_events e
         where e.tenant_id = ${tenant.id}
           and e.created_at > ${window.from.toISOString()}::timestamptz and e.created_at <= ${window.to.toISOString()}::timestamptz
           and e.type <> ${TEST_EVENT_TYPE}
           and exists (select 1 from jsonb_array_elements_text(${JSON.stringify(row.event_types)}::jsonb) as p(pattern)
                        where p.pattern in ('*', e.type, split_part(e.type, '.', 1) || '.*'))
         order by e.created_at, e.id
         limit ${MAX_EVENTS_PER_DIGEST}`),
    );
    if (events.length > 0) {
      const recipients = row.recipients.length > 0 ? row.recipients : (admins ??= await tenantAdminEmails(tx, tenant.id));
      const total = Number(events[0].total);
      const context = { tenantName: tenant.name, tenantSlug: tenant.slug, appUrl: appUrl('/') };
      const items = events.map((event) => {
        const payload = parseJson<{ type: string; timestamp: string; data: Record<string, unknown> }>(event.payload);
        const body = {
          type: event.type,
          timestamp: payload?.timestamp ?? asDate(event.created_at).toISOString(),
          data: payload?.data ?? {},
        };
        const link = eventLink(body, context);
        return {
          text: `${eventTimeWords(body.timestamp)} — ${eventTitle(event.type)}: ${eventSentence(body, tenant.name)}`,
          ...(link ? { url: link.url } : {}),
        };
      });
      for (const to of recipients) {
        await enqueueEmail(tx, {
          to,
          template: 'notificationDigest',
          data: {
            tenantName: tenant.name,
            digestName: row.name,
            period: periodWords(row.frequency, window.from, digest.lastSentAt === null),
            events: items,
            more: Math.max(0, total - items.length),
            auditUrl: appUrl(`/t/${tenant.slug}/audit`),
            settingsUrl: appUrl(`/t/${tenant.slug}/settings/notifications`),
          },
        });
        result.mails += 1;
      }
      result.sent += 1;
    } else {
      result.empty += 1;
    }
    await tx.execute(sql`update notification_digests set last_sent_at = ${window.to.toISOString()}::timestamptz where id = ${row.id}`);
  }
  return result;
}

function periodWords(frequency: NotificationDigestFrequency, from: Date, first: boolean): string {
  if (first) return `since this digest was added (${eventTimeWords(from.toISOString())})`;
  return frequency === 'hourly'
    ? `in the last hour (since ${eventTimeWords(from.toISOString())})`
    : `since ${eventTimeWords(from.toISOString())}`;
}

/**
 * The tenant's admins now: active members effectively holding `tenant.update` (through a role, a team's role or a
 * grant, and not denied it), with an account that is not deactivated.
 */
export async function tenantAdminEmails(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = rowsOf<{ email: string }>(
    await tx.execute(sql`
      with m as (select m.id, m.user_id from memberships m where m.tenant_id = ${tenantId} and m.status = 'active'),
      f as (
        select mr.membership_id, 'grant'::text as effect
          from m join member_roles mr on mr.membership_id = m.id
                 join role_permissions rp on rp.role_id = mr.role_id and rp.permission = 'tenant.update'
        union
        select tm.membership_id, 'grant'
          from m join team_members tm on tm.membership_id = m.id
                 join team_roles tr on tr.team_id = tm.team_id
                 join role_permissions rp on rp.role_id = tr.role_id and rp.permission = 'tenant.update'
        union
        select o.membership_id, o.effect::text from m join member_overrides o on o.membership_id = m.id and o.permission = 'tenant.update'
      )
      select distinct u.email from m join users u on u.id = m.user_id
       where u.deactivated_at is null
         and exists (select 1 from f where f.membership_id = m.id and f.effect = 'grant')
         and not exists (select 1 from f where f.membership_id = m.id and f.effect = 'deny')
       order by u.email`),
  );
  return rows.map((r) => r.email);
}
