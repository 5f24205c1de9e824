import { tenantRoute } from '@/lib/http/route';
import { recordIdParamsSchema } from '@/lib/quality/schemas';
import { listSerialJobs } from '@/lib/serials/list-serial-jobs';
import { listSerialJobsQuerySchema, serialJobListSchema } from '@/lib/serials/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/serial-jobs',
    summary: "A batch's serial generation jobs, newest first",
    description:
      'Each item is the job as `GET jobs/{id}` answers it (`status`, `progress: {done, total}`, `error` when failed). ' +
      'Newest first, with `limit` and `cursor`: `?limit=1` gives the latest job, which is how the console finds a job ' +
      'still running after a reload (and then follows it at `GET jobs/{id}`, which also restarts a job whose runner died).',
    tags: ['Serials'],
    access: 'serials.read',
    params: recordIdParamsSchema,
    query: listSerialJobsQuerySchema,
    response: serialJobListSchema,
  },
  async ({ ctx, params, query }) => listSerialJobs(ctx, params.id, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
