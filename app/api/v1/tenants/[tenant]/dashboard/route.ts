import { tenantRoute } from '@/lib/http/route';
import { getDashboard } from '@/lib/quality/dashboard';
import { dashboardSchema, tenantOnlyParamsSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/dashboard',
    summary: 'The tenant dashboard: batches by status, inspections awaiting review, 12-week pass rate, recent signatures',
    description:
      'Needs `batches.read`. `awaitingReview` (count and the five oldest) and `passRate` (the last 12 ISO weeks in UTC, oldest ' +
      'first, the current week last; `rate` is null for a week without inspections) need `inspections.read` too and are null ' +
      'without it. `recentSignatures`: the eight newest, each with `valid` (the record still matches what was signed).',
    tags: ['Batches'],
    access: 'batches.read',
    params: tenantOnlyParamsSchema,
    response: dashboardSchema,
  },
  async ({ ctx }) => getDashboard(ctx),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
