import { and, eq, sql } from 'drizzle-orm';
import { Resend } from 'resend';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { emailOutbox } from '@/db/schema';
import { now } from '@/lib/platform/clock';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';

/**
 * The outbox sender. Each run claims due `pending` messages, sends them through Resend, and records
 * the outcome:
 *
 * - Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` selection that pushes `nextAttemptAt` out
 *   by a lease and counts the attempt, so concurrent runs (two cron invocations, a cron run and a
 *   request's kick, several instances) never take the same message. On PGlite the single connection
 *   serialises the statement, which gives the same guarantee.
 * - Sending happens outside any transaction, with `Idempotency-Key` = the outbox id: if a run dies or
 *   times out after Resend accepted a message, the retry after the lease is recognised by Resend
 *   (24 h window) and not sent twice.
 * - Success → `sent` with Resend's id. Failure → back to due after 30 s × 2^(attempts−1), at most 1 h,
 *   with the error kept; after MAX_ATTEMPTS tries → `failed`. A Resend outage loses nothing.
 *
 * Without RESEND_API_KEY nothing is sent: messages stay `pending`, readable in the dev mailbox.
 */
export const MAX_ATTEMPTS = 10;
export const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** How long one send may take before it counts as failed. */
const SEND_TIMEOUT_MS = 15_000;

type DeliveryReport = { claimed: number; sent: number; retrying: number; failed: number };

function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

export function resendConfigured(): boolean {
  return Boolean(env().RESEND_API_KEY && env().EMAIL_FROM);
}

type Claimed = { id: string; to: string; subject: string; text: string; html: string; attempts: number; createdAt: Date };

export async function deliverPending(options: { limit?: number } = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  if (!resendConfigured()) return report;
  const limit = Math.max(1, Math.min(500, options.limit ?? 25));
  const config = env();
  const resend = new Resend(
    config.RESEND_API_KEY,
    config.RESEND_BASE_URL ? { baseUrl: config.RESEND_BASE_URL.replace(/\/$/, '') } : undefined,
  );

  const messages = await claim(limit);
  report.claimed = messages.length;
  // One at a time: Resend limits requests per second, and the lease covers this run's whole batch.
  for (const message of messages) {
    const outcome = await send(resend, config.EMAIL_FROM!, message);
    const db = await getDb();
    const at = now();
    if (outcome.ok) {
      await db
        .update(emailOutbox)
        .set({ status: 'sent', providerId: outcome.providerId, sentAt: at, lastError: null })
        .where(and(eq(emailOutbox.id, message.id), eq(emailOutbox.status, 'pending')));
      report.sent++;
      logger.info({ outboxId: message.id, providerId: outcome.providerId, attempts: message.attempts }, 'mail sent');
      continue;
    }
    const giveUp = message.attempts >= MAX_ATTEMPTS;
    await db
      .update(emailOutbox)
      .set(
        giveUp
          ? { status: 'failed', lastError: outcome.error }
          : { lastError: outcome.error, nextAttemptAt: new Date(at.getTime() + backoffMs(message.attempts)) },
      )
      .where(and(eq(emailOutbox.id, message.id), eq(emailOutbox.status, 'pending')));
    if (giveUp) report.failed++;
    else report.retrying++;
    logger.warn({ outboxId: message.id, attempts: message.attempts, giveUp, error: outcome.error }, 'mail not sent');
  }
  return report;
}

/** Take up to `limit` due messages for this run: counted as an attempt and leased past the run's end. */
async function claim(limit: number): Promise<Claimed[]> {
  const db = await getDb();
  const at = now();
  const leaseUntil = new Date(at.getTime() + 60_000 + limit * SEND_TIMEOUT_MS);
  // A MATERIALIZED CTE, not `id in (select … limit n for update skip locked)`: the planner may rescan
  // such a subquery per row, and each rescan skips the rows just taken and picks new ones, so the
  // statement takes far more than `limit`. New rows get the database's now(); the later of the two
  // clocks keeps a lagging app server (or a test's clock) from leaving just-queued mail undue.
  const rows = rowsOf<{
    id: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    attempts: number;
    created_at: Date | string;
  }>(
    await db.execute(sql`
      with due as materialized (
        select id from ${emailOutbox}
        where status = 'pending' and next_attempt_at <= greatest(now(), ${at.toISOString()}::timestamptz)
        order by next_attempt_at
        limit ${limit}
        for update skip locked
      )
      update ${emailOutbox} as o
        set attempts = o.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
      from due
      where o.id = due.id and o.status = 'pending'
      returning o.id, o."to", o.subject, o.text, o.html, o.attempts, o.created_at`),
  );
  return rows
    .map((r) => ({ ...r, attempts: Number(r.attempts), createdAt: new Date(r.created_at) }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

async function send(
  resend: Resend,
  from: string,
  message: Claimed,
): Promise<{ ok: true; providerId: string } | { ok: false; error: string }> {
  try {
    const { data, error } = await resend.emails.send(
      { from, to: [message.to], subject: message.subject, html: message.html, text: message.text },
      { idempotencyKey: message.id, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
    );
    if (error || !data?.id) {
      const status = error?.statusCode ? ` (${error.statusCode})` : '';
      return {
        ok: false,
        error: `${error?.name ?? 'no_id'}${status}: ${error?.message ?? 'Resend answered without an id'}`.slice(0, 1000),
      };
    }
    return { ok: true, providerId: data.id };
  } catch (error) {
    return { ok: false, error: `exception: ${(error as Error).message}`.slice(0, 1000) };
  }
}
