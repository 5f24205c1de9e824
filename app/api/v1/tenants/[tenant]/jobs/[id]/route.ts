import { tenantRoute } from '@/lib/http/route';
import { getSerialJob } from '@/lib/serials/get-serial-job';
import { serialJobParamsSchema, serialJobSchema } from '@/lib/serials/schemas';
import { startAfterCommit, startingJobs } from '@/lib/http/start-jobs-after-commit';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = startingJobs(
  tenantRoute(
    {
      method: 'GET',
      path: '/api/v1/tenants/{tenant}/jobs/{id}',
      summary: 'A serial generation job: status and progress',
      description:
        '`progress.done` counts the serials stored so far, of `progress.total`. A `failed` job has an `error`. Asking about a ' +
        'job whose runner has died (its heartbeat stopped) restarts it in this server, from its count.',
      tags: ['Serials'],
      access: 'serials.read',
      params: serialJobParamsSchema,
      response: serialJobSchema,
    },
    async ({ ctx, params, request }) => {
      const { claimable, ...job } = await getSerialJob(ctx, params.id);
      if (claimable) startAfterCommit(request, ctx.tenant.id, job.id);
      return job;
    },
  ),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
