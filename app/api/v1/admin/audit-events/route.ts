import { route } from '@/lib/http/route';
import { listPlatformEvents } from '@/lib/platform-admin/list-platform-events';
import { platformEventListSchema, platformEventsQuerySchema } from '@/lib/platform-admin/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/admin/audit-events',
    summary: 'The platform trail (events outside any tenant), newest first (platform admins)',
    description:
      "Filters `action`, `actorId`, `targetType` (`tenant`, `user`, `session`), `targetId` (with `targetType=tenant`: one tenant's " +
      'registry events), `from`, `to`. `sort=occurred` (the one order, by time) with `dir` `desc` (newest first, the ' +
      'default) or `asc` (oldest first); `cursor` is the `nextCursor` of the previous page in the same direction.',
    tags: ['Platform administration'],
    access: 'platform_admin',
    query: platformEventsQuerySchema,
    response: platformEventListSchema,
  },
  async ({ actor, query }) => listPlatformEvents(actor, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
