import { tenantRoute } from '@/lib/http/route';
import { recordIdParamsSchema } from '@/lib/quality/schemas';
import { requestSerials } from '@/lib/serials/request-serials';
import { listSerials } from '@/lib/serials/list-serials';
import { generateSerialsResponseSchema, generateSerialsSchema, listSerialsQuerySchema, serialListSchema } from '@/lib/serials/schemas';
import { startAfterCommit, startingJobs } from '@/lib/http/start-jobs-after-commit';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/serials',
    summary: "A batch's serials, in serial order or by status",
    description:
      'Filter by `status`. `sort` is `serial` (the default) or `status` (grouped by status, each group in serial order), ' +
      '`dir` `asc` (the default) or `desc`; `cursor` is the `nextCursor` of the previous page in the same order (another ' +
      "order's cursor is 400). Each item has its GS1 element string " +
      '`(01){gtin}(17){YYMMDD of expiresOn}(10){batchNumber}(21){serial}`.',
    tags: ['Serials'],
    access: 'serials.read',
    params: recordIdParamsSchema,
    query: listSerialsQuerySchema,
    response: serialListSchema,
  },
  async ({ ctx, params, query }) => listSerials(ctx, params.id, query),
);

export const POST = startingJobs(
  tenantRoute(
    {
      method: 'POST',
      path: '/api/v1/tenants/{tenant}/batches/{id}/serials',
      summary: 'Generate serials for a batch (a job)',
      description:
        '`count` from 1 to 1,000,000 random serials (12 characters of `0-9A-Z` without `I L O U`, unique per tenant and GTIN). ' +
        'The batch needs a GTIN (409 without) and must not be rejected or recalled (409). Answers 202 with the `jobId`; ' +
        'follow its progress at `GET jobs/{id}`. The job survives a restart of the server: it is continued from its count.',
      tags: ['Serials'],
      access: 'serials.generate',
      errors: ['conflict'],
      params: recordIdParamsSchema,
      body: generateSerialsSchema,
      response: generateSerialsResponseSchema,
      status: 202,
    },
    async ({ ctx, params, body, request }) => {
      const result = await requestSerials(ctx, params.id, body);
      startAfterCommit(request, ctx.tenant.id, result.jobId);
      return result;
    },
  ),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
