import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { auditEventListSchema, auditEventsQuerySchema } from '@/lib/audit/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { readOnlyMethods } from '@/lib/http/read-only-methods';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

const PATH = '/api/v1/tenants/{tenant}/audit-events';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: PATH,
    summary: "The tenant's audit trail, newest first",
    description:
      'Filters: `action` (exact, or a prefix ending in `.` or `*`), `actorId`, `targetType`, `targetId`, `from`, `to` ' +
      '(ISO-8601 times, or dates meaning the whole UTC day). Order: `sort=occurred` (by time, the one order) with `dir` ' +
      '`desc` (newest first, the default) or `asc` (oldest first). `nextCursor` pages on in the same direction; each ' +
      'event appears once across pages. ' +
      'Secrets were masked before the events were written.',
    tags: ['Audit trail'],
    access: 'audit.read',
    params: tenantParamsSchema,
    query: auditEventsQuerySchema,
    response: auditEventListSchema,
  },
  async ({ ctx, query }) => listAuditEvents(ctx, query),
);

// The trail is append-only: no route edits or deletes an event.
const readOnly = readOnlyMethods(PATH, {
  tags: ['Audit trail'],
  detail: 'the audit trail is append-only; events are never changed or deleted.',
});
export const PUT = readOnly.PUT;
export const PATCH = readOnly.PATCH;
export const DELETE = readOnly.DELETE;
export const OPTIONS = readOnly.OPTIONS;

export const { POST } = methodsNotAllowed(['GET']);
