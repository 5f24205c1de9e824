import { z } from 'zod';
import { DEV_MAILBOX_MAX, devMailboxEnabled, listMail } from '@/lib/email/dev-mailbox';
import { notFound } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// The outbox for development: GET /api/dev/mail?to={email} → newest first. 404 unless the dev mailbox is on.
export const dynamic = 'force-dynamic';

export const GET = route(
  {
    method: 'GET',
    path: '/api/dev/mail',
    summary: 'Development only: messages in the outbox, newest first',
    tags: ['Development'],
    access: 'public',
    query: z.strictObject({
      to: z.string().trim().toLowerCase().max(254).optional(),
      limit: z.coerce.number().int().min(1).max(DEV_MAILBOX_MAX).optional(),
    }),
  },
  async ({ query }) => {
    if (!devMailboxEnabled()) throw notFound('endpoint');
    return listMail({ to: query.to || undefined, limit: query.limit });
  },
);

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
