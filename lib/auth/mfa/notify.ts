import type { Queryable } from '@/db/client';
import type { Actor, RequestMeta } from '@/lib/context';
import { recordPlatformAudit } from '@/lib/audit/record';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import type { TemplateData } from '@/lib/email/templates';

export type SecondFactorNotice = TemplateData<'secondFactorNotice'>['event'];

/**
 * A change to someone's second factors, told to the platform trail and to the owner by mail, in the transaction
 * that makes it. The audit snapshot names the person (their email) and what changed, never a secret.
 */
export async function recordFactorChange(
  db: Queryable,
  actor: Actor | null,
  meta: RequestMeta | null,
  user: { id: string; email: string; name: string },
  change: { action: string; notice?: SecondFactorNotice; detail?: string; after?: Record<string, unknown>; reason?: string },
): Promise<void> {
  await recordPlatformAudit(db, actor, meta, {
    action: change.action,
    targetType: 'user',
    targetId: user.id,
    after: { email: user.email, ...change.after },
    ...(change.reason ? { reason: change.reason } : {}),
  });
  if (change.notice) {
    await enqueueEmail(db, {
      to: user.email,
      template: 'secondFactorNotice',
      data: { name: user.name, event: change.notice, detail: change.detail, securityUrl: appUrl('/account/security') },
    });
  }
}
