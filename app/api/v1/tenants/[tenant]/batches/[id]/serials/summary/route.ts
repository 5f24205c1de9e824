import { tenantRoute } from '@/lib/http/route';
import { recordIdParamsSchema } from '@/lib/quality/schemas';
import { getSerialSummary } from '@/lib/serials/get-serial-summary';
import { serialSummarySchema } from '@/lib/serials/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/serials/summary',
    summary: 'How many serials a batch has, per status, and the chance of guessing one',
    description:
      '`total`, `byStatus` (every serial status, 0 where none) and `guessingProbability` = `total / 32^12`: the chance that ' +
      'one random 12-character guess is a serial of this batch (Delegated Regulation (EU) 2016/161 art. 4(b) asks for less than 1/10,000).',
    tags: ['Serials'],
    access: 'serials.read',
    params: recordIdParamsSchema,
    response: serialSummarySchema,
  },
  async ({ ctx, params }) => getSerialSummary(ctx, params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
