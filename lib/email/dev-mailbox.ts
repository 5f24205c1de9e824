import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { env } from '@/lib/platform/env';

/**
 * The dev mailbox: the outbox read back, for development and tests without a mail provider.
 * On with DEV_MAILBOX=1, or under `next dev` unless DEV_MAILBOX=0; otherwise the page and the API are 404.
 * It shows every message (reset links included), so never switch it on where strangers can reach it.
 */
export function devMailboxEnabled(): boolean {
  const config = env();
  if (config.DEV_MAILBOX === '1') return true;
  if (config.DEV_MAILBOX === '0') return false;
  return config.NODE_ENV === 'development';
}

export type DevMail = {
  id: string;
  to: string;
  subject: string;
  text: string;
  links: string[];
  status: 'pending' | 'sent' | 'failed';
  template: string;
  createdAt: string;
};

export const DEV_MAILBOX_MAX = 200;

/** Links in a plain-text body, in order of appearance, without duplicates or trailing punctuation. */
export function extractLinks(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"'`]+/g) ?? [];
  return [...new Set(found.map((link) => link.replace(/[.,;:!?)\]]+$/, '')))];
}

/** Newest first; `to` filters by recipient (case-insensitive, exact address). */
export async function listMail(options: { to?: string | null; limit?: number } = {}): Promise<DevMail[]> {
  const db = await getDb();
  const limit = Math.max(1, Math.min(DEV_MAILBOX_MAX, options.limit ?? 50));
  const to = options.to?.trim().toLowerCase();
  const rows = await db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      status: emailOutbox.status,
      template: emailOutbox.template,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(to ? eq(emailOutbox.to, to) : undefined)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, links: extractLinks(row.text), createdAt: row.createdAt.toISOString() }));
}
