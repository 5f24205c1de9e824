import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { recordOptionListSchema, searchRecordsQuerySchema } from '@/lib/records/record-search-schemas';
import { searchRecords } from '@/lib/records/search-records';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/records',
    summary: 'Find records of one kind by a few letters of their number, name or email (to link a task to)',
    description:
      'Needs the read permission of that kind of record (`batches.read` for batches, `members.read` for members and' +
      ' access reviews …), as linking a task to one does. Answers `{type, id, label}` for each, up to `limit` (20,' +
      ' at most 50): the most recent batches, inspections and access reviews first, the rest by name.',
    tags: ['Tasks'],
    access: 'member',
    params: tenantParamsSchema,
    query: searchRecordsQuerySchema,
    response: recordOptionListSchema,
  },
  async ({ ctx, query }) => searchRecords(ctx, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
