import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { recordTenantAudit } from '@/lib/audit/record';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { logger } from '@/lib/platform/logger';
import { postOutbound } from '@/lib/platform/outbound-http';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { DELIVERY_LEASE_MS, isSuccessStatus, nextAttemptAfterFailure, shouldDisableEndpoint } from './delivery-policy';
import { openEndpointSecret } from './endpoint-secret';
import { enqueueWebhookDeliveries } from './enqueue-deliveries';
import { standardWebhookHeaders } from './sign';

/**
 * One webhook delivery (one event to one endpoint), worked by the job engine's `webhook-delivery` queue:
 *
 * 1. Take it, in a short tenant transaction: only while pending, due and not held by another worker; it is held for
 *    a minute (the lease) and its attempt counted. A job for a delivery that is done, not due or held does nothing.
 * 2. Send it outside any transaction (lib/platform/outbound-http.ts: SSRF guard, 10 s, no redirects), signed per
 *    Standard Webhooks with the endpoint's secret (and the previous one during a rotation's overlap).
 * 3. Record the attempt in the delivery log and the outcome: delivered; or tried again later on the backoff of
 *    delivery-policy.ts (a job with startAfter, and the sweep finds it if that job is lost); or, past three days,
 *    failed. The endpoint's health follows: five days of failure switch it off, audited, and its managers are mailed.
 *
 * A process that dies mid-send leaves the lease to run out; the sweep then sends the delivery again (at least once;
 * receivers tell repeats apart by `webhook-id`, which is the event's id).
 */
export type WebhookDeliveryJobData = { tenantId: string; deliveryId: string };

export type WebhookDeliveryOutcome =
  | { outcome: 'skipped' }
  | { outcome: 'succeeded'; status: number }
  | { outcome: 'retrying'; status: number | null; error: string; nextAttemptAt: Date }
  | { outcome: 'failed'; status: number | null; error: string; endpointDisabled: boolean };

export type WebhookDeliveryOptions = {
  /** Per-request limit (10 s unless given; tests shorten it). */
  timeoutMs?: number;
  /** Reach private addresses (default: outside production or with WEBHOOKS_ALLOW_PRIVATE=1). */
  allowPrivate?: boolean;
};

type Claimed = {
  id: string;
  attempts: number;
  created_at: string | Date;
  endpoint_id: string;
  event_id: string;
  url: string;
  format: 'standard' | 'slack' | 'teams';
  enabled: boolean;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | Date | null;
  payload: unknown;
  tenant_name: string;
  tenant_slug: string;
};

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

export async function runWebhookDeliveryJob(
  data: Record<string, unknown>,
  options: WebhookDeliveryOptions = {},
): Promise<WebhookDeliveryOutcome> {
  const tenantId = typeof data.tenantId === 'string' ? data.tenantId : null;
  const deliveryId = typeof data.deliveryId === 'string' ? data.deliveryId : null;
  if (!tenantId || !deliveryId) throw new Error('A webhook delivery job needs tenantId and deliveryId');
  return deliverWebhook({ tenantId, deliveryId }, options);
}

export async function deliverWebhook(job: WebhookDeliveryJobData, options: WebhookDeliveryOptions = {}): Promise<WebhookDeliveryOutcome> {
  const takenAt = now();
  const claimed = await withTenant(job.tenantId, async (tx) => {
    const result = await tx.execute(sql`
      with taken as (
        update webhook_deliveries
           set lease_until = ${new Date(takenAt.getTime() + DELIVERY_LEASE_MS).toISOString()}::timestamptz, attempts = attempts + 1
         where id = ${job.deliveryId} and status = 'pending'
           and next_attempt_at <= ${takenAt.toISOString()}::timestamptz
           and (lease_until is null or lease_until <= ${takenAt.toISOString()}::timestamptz)
        returning id, attempts, created_at, endpoint_id, event_id
      )
      select taken.*, e.url, e.format, e.enabled, e.secret_sealed, e.previous_secret_sealed, e.previous_secret_expires_at, ev.payload,
             t.name as tenant_name, t.slug as tenant_slug
        from taken
        join tenants t on t.id = ${job.tenantId}
        join webhook_endpoints e on e.id = taken.endpoint_id
        join webhook_events ev on ev.id = taken.event_id`);
    return rowsOf<Claimed>(result)[0] ?? null;
  });
  if (!claimed) return { outcome: 'skipped' };

  if (!claimed.enabled) {
    // Switched off after the event was raised: nothing is sent; a replay can send it once it is back on.
    await withTenant(job.tenantId, (tx) =>
      finishDelivery(tx, job.tenantId, claimed, takenAt, { status: null, durationMs: 0, error: 'The endpoint is switched off' }, null),
    );
    return { outcome: 'failed', status: null, error: 'The endpoint is switched off', endpointDisabled: false };
  }

  const sentAt = now();
  const send = await sendDelivery(claimed, sentAt, options);
  const succeeded = send.status !== null && isSuccessStatus(send.status);
  const error = succeeded ? null : (send.error ?? failureInWords(send.status));
  const nextAttemptAt = succeeded ? null : nextAttemptAfterFailure(toDate(claimed.created_at), claimed.attempts, now());

  const endpointDisabled = await withTenant(job.tenantId, (tx) =>
    finishDelivery(tx, job.tenantId, claimed, sentAt, { status: send.status, durationMs: send.durationMs, error }, nextAttemptAt),
  );

  if (succeeded) return { outcome: 'succeeded', status: send.status! };
  if (nextAttemptAt && !endpointDisabled) {
    await enqueueWebhookDeliveries(job.tenantId, [job.deliveryId], nextAttemptAt);
    return { outcome: 'retrying', status: send.status, error: error!, nextAttemptAt };
  }
  return { outcome: 'failed', status: send.status, error: error!, endpointDisabled };
}

function failureInWords(status: number | null): string {
  if (status === null) return 'No answer';
  if (status >= 300 && status < 400) return `The receiver answered ${status}: redirects are not followed`;
  return `The receiver answered ${status}`;
}

async function sendDelivery(claimed: Claimed, at: Date, options: WebhookDeliveryOptions) {
  const secrets: string[] = [];
  const current = openEndpointSecret(claimed.secret_sealed, claimed.endpoint_id);
  if (!current) return { status: null, durationMs: 0, error: 'The signing secret cannot be read (AUTH_SECRET changed): rotate it' };
  secrets.push(current);
  if (claimed.previous_secret_sealed && claimed.previous_secret_expires_at && toDate(claimed.previous_secret_expires_at) > at) {
    const previous = openEndpointSecret(claimed.previous_secret_sealed, claimed.endpoint_id);
    if (previous) secrets.push(previous);
  }
  const payload =
    typeof claimed.payload === 'string'
      ? (JSON.parse(claimed.payload) as Record<string, unknown>)
      : (claimed.payload as Record<string, unknown>);
  const body =
    claimed.format === 'standard'
      ? JSON.stringify(payload)
      : await chatBody(claimed.format, payload, { tenantName: claimed.tenant_name, tenantSlug: claimed.tenant_slug });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Custos-Webhooks/1',
    // The signature's time is the wall clock's: receivers check it against theirs (a replay window), not ours.
    ...standardWebhookHeaders({ eventId: claimed.event_id, body, at: new Date(), secrets }),
  };
  const result = await postOutbound(claimed.url, { headers, body, timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate });
  return { status: result.status, durationMs: result.durationMs, error: result.error };
}

/** Slack and Teams incoming webhooks take a message of their own (lib/webhooks/chat-message.ts). */
async function chatBody(
  format: 'slack' | 'teams',
  payload: Record<string, unknown>,
  tenant: { tenantName: string; tenantSlug: string },
): Promise<string> {
  const { chatMessageBody } = await import('./chat-message');
  return JSON.stringify(chatMessageBody(format, payload as never, { ...tenant, appUrl: appUrl('/') }));
}

/** Write the attempt and its outcome; follow the endpoint's health. Returns whether the endpoint was switched off. */
async function finishDelivery(
  tx: Tx,
  tenantId: string,
  claimed: Claimed,
  startedAt: Date,
  attempt: { status: number | null; durationMs: number; error: string | null },
  nextAttemptAt: Date | null,
): Promise<boolean> {
  const succeeded = attempt.error === null;
  const at = now().toISOString();
  await tx.execute(sql`
    insert into webhook_delivery_attempts (tenant_id, delivery_id, endpoint_id, attempt, started_at, duration_ms, status_code, error, succeeded)
    values (${tenantId}, ${claimed.id}, ${claimed.endpoint_id}, ${claimed.attempts}, ${startedAt.toISOString()}::timestamptz,
            ${attempt.durationMs}, ${attempt.status}, ${attempt.error}, ${succeeded})`);
  await tx.execute(sql`
    update webhook_deliveries
       set status = ${succeeded ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed'},
           next_attempt_at = coalesce(${nextAttemptAt?.toISOString() ?? null}::timestamptz, next_attempt_at),
           lease_until = null,
           last_status_code = ${attempt.status},
           last_error = ${attempt.error},
           last_duration_ms = ${attempt.durationMs},
           delivered_at = ${succeeded ? at : null}::timestamptz
     where id = ${claimed.id}`);
  if (!claimed.enabled) return false;
  if (succeeded) {
    await tx.execute(
      sql`update webhook_endpoints set failing_since = null where id = ${claimed.endpoint_id} and failing_since is not null`,
    );
    return false;
  }
  const [endpoint] = rowsOf<{ failing_since: string | Date; enabled: boolean; url: string }>(
    await tx.execute(sql`
      update webhook_endpoints set failing_since = coalesce(failing_since, ${at}::timestamptz)
       where id = ${claimed.endpoint_id}
      returning failing_since, enabled, url`),
  );
  if (!endpoint?.enabled || !shouldDisableEndpoint(toDate(endpoint.failing_since), new Date(at))) return false;
  // Switched off once: only the update that finds it still on goes on to audit and mail.
  const switchedOff = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update webhook_endpoints set enabled = false, disabled_reason = 'failing', disabled_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
       where id = ${claimed.endpoint_id} and enabled
      returning id`),
  );
  if (switchedOff.length === 0) return false;
  // No more tries to a switched-off endpoint (a replay can send it once it is back on).
  await tx.execute(sql`update webhook_deliveries set status = 'failed' where id = ${claimed.id}`);
  const failingSince = toDate(endpoint.failing_since);
  await recordTenantAudit(tx, tenantId, { type: 'system', id: 'webhook-delivery', name: 'Webhook delivery' }, null, {
    action: 'webhook_endpoint.disabled',
    targetType: 'webhook_endpoint',
    targetId: claimed.endpoint_id,
    before: { enabled: true },
    after: {
      url: endpoint.url,
      enabled: false,
      disabledReason: 'failing',
      failingSince: failingSince.toISOString(),
      lastError: attempt.error,
    },
  });
  await mailEndpointManagers(tx, tenantId, { url: endpoint.url, failingSince, lastError: attempt.error ?? '' });
  logger.warn({ tenantId, endpointId: claimed.endpoint_id }, 'webhook endpoint switched off after failing for five days');
  return true;
}

/** Mail every active member whose roles give webhooks.manage that the endpoint was switched off. */
async function mailEndpointManagers(tx: Tx, tenantId: string, endpoint: { url: string; failingSince: Date; lastError: string }) {
  const rows = rowsOf<{ email: string; name: string | null; tenant_name: string; tenant_slug: string }>(
    await tx.execute(sql`
      select distinct u.email, u.name, t.name as tenant_name, t.slug as tenant_slug
        from memberships m
        join users u on u.id = m.user_id
        join member_roles mr on mr.membership_id = m.id
        join role_permissions rp on rp.role_id = mr.role_id and rp.permission = 'webhooks.manage'
        join tenants t on t.id = m.tenant_id
       where m.tenant_id = ${tenantId} and m.status = 'active'`),
  );
  for (const row of rows) {
    await enqueueEmail(tx, {
      to: row.email,
      template: 'webhookEndpointDisabled',
      data: {
        name: row.name ?? row.email,
        tenantName: row.tenant_name,
        endpointUrl: endpoint.url,
        failingSince: endpoint.failingSince.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        lastError: endpoint.lastError,
        url: appUrl(`/t/${row.tenant_slug}/webhooks`),
      },
    });
  }
}
