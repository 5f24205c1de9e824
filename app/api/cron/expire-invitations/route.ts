import { expireInvitations } from '@/lib/invitations/expire-invitations';
import { cronRoute } from '@/lib/platform/cron-auth';

// Marks pending invitations past their expiry as expired (audited); answers how many, in how many tenants.
// Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`.
export const dynamic = 'force-dynamic';

const handler = cronRoute('expire-invitations', () => expireInvitations());

export const GET = handler;
export const POST = handler;
