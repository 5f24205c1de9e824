import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { env } from '@/lib/platform/env';
import { templates, type TemplateData, type TemplateName } from './templates';

/** An absolute link into the app, built from APP_URL. */
export function appUrl(path: string): string {
  return new URL(path, env().APP_URL).toString();
}

/**
 * Queue a message: render the template and insert it into the outbox on `db` — pass the transaction
 * that writes whatever the message carries (a token), so both commit or neither does.
 * Delivery happens later (lib/email/deliver.ts); nothing is lost if the provider is down.
 */
export async function enqueueEmail<T extends TemplateName>(
  db: Queryable,
  message: { to: string; template: T; data: TemplateData<T> },
): Promise<{ id: string }> {
  const render = templates[message.template] as (data: TemplateData<T>) => { subject: string; text: string; html: string };
  const { subject, text, html } = render(message.data);
  // The id is made here, not returned by the insert: the runtime role may insert mail but not read the outbox.
  const id = randomUUID();
  await db.insert(emailOutbox).values({ id, to: message.to.toLowerCase(), subject, text, html, template: message.template });
  return { id };
}
