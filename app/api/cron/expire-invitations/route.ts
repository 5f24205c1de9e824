import { expireInvitations } from '@/lib/invitations/expire-invitations';
import { cronRoute } from '@/lib/platform/cron-auth';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Marks pending invitations past their expiry as expired (audited); answers how many, in how many tenants.
// Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`.
export const dynamic = 'force-dynamic';

const handler = cronRoute('expire-invitations', () => expireInvitations());

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
