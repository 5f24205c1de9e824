import type { NotificationDigestFrequency } from '@/db/schema/webhooks';

/**
 * The rules of email digests (lib/notifications/), used by the server, the send job and the console alike.
 *
 * A digest mails chosen events (webhook_events of its tenant matching its patterns) to chosen people, hourly or
 * daily. The schedule `send-notification-digests` runs every hour; an hourly digest is due once per clock hour, a
 * daily one once per day from DAILY_DIGEST_HOUR_UTC. Each mail covers the events since the digest's last one.
 */

export const DIGEST_FREQUENCIES = ['hourly', 'daily'] as const satisfies readonly NotificationDigestFrequency[];

export const DIGEST_FREQUENCY_LABEL: Record<NotificationDigestFrequency, string> = {
  hourly: 'Every hour',
  daily: 'Every day',
};

/** Daily digests go out at this hour (UTC): 07:00, before the working day in Europe. */
export const DAILY_DIGEST_HOUR_UTC = 7;

/** At most this many addresses per digest (beyond that, a mailing list is the better recipient). */
export const MAX_DIGEST_RECIPIENTS = 20;

/** At most this many digests per tenant. */
export const MAX_DIGESTS_PER_TENANT = 25;

/** A mail lists at most this many events, newest last, then says "and N more". */
export const MAX_EVENTS_PER_DIGEST = 50;

/**
 * Events younger than this are left for the next digest: an event's time is taken when its change's transaction
 * writes it, and a transaction still open at that time (not yet visible) must not fall between two digests.
 */
export const DIGEST_SETTLE_MS = 60_000;

const HOUR_MS = 3_600_000;

/** The most recent moment the digest was due at or before `at`: the start of the hour, or today's (else yesterday's) send hour. */
export function lastDueAt(frequency: NotificationDigestFrequency, at: Date): Date {
  if (frequency === 'hourly') return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  const due = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), DAILY_DIGEST_HOUR_UTC));
  if (due.getTime() > at.getTime()) due.setUTCDate(due.getUTCDate() - 1);
  return due;
}

/**
 * Whether a digest should be sent now: it is enabled and has not been sent since it last became due. A new digest
 * (never sent) is due at its first due time after it was created, so its first mail covers a whole period.
 */
export function isDigestDue(
  digest: { frequency: NotificationDigestFrequency; enabled: boolean; lastSentAt: Date | null; createdAt: Date },
  at: Date,
): boolean {
  if (!digest.enabled) return false;
  const due = lastDueAt(digest.frequency, at);
  const since = digest.lastSentAt ?? digest.createdAt;
  return since.getTime() < due.getTime();
}

/** The events a digest sent at `at` covers: after `from` (its last mail, or its creation) up to `to` (settled). */
export function digestWindow(digest: { lastSentAt: Date | null; createdAt: Date }, at: Date): { from: Date; to: Date } {
  const from = digest.lastSentAt ?? digest.createdAt;
  const to = new Date(Math.max(from.getTime(), at.getTime() - DIGEST_SETTLE_MS));
  return { from, to };
}

/** Recipients in words for the console: "The tenant’s admins" when the list is empty. */
export function recipientsWords(recipients: readonly string[]): string {
  if (recipients.length === 0) return 'The tenant’s admins';
  if (recipients.length <= 2) return recipients.join(' and ');
  return `${recipients.slice(0, 2).join(', ')} and ${recipients.length - 2} more`;
}
