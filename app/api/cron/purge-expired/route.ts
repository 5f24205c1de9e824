import { cronRoute } from '@/lib/platform/cron-auth';
import { purgeExpired } from '@/lib/platform/purge-expired';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Deletes expired and spent mail tokens, refresh tokens, long-ended sessions and expired kv entries;
// answers how many of each. Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`.
export const dynamic = 'force-dynamic';

const handler = cronRoute('purge-expired', () => purgeExpired());

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
