import { tenantRoute } from '@/lib/http/route';
import { recordIdParamsSchema } from '@/lib/quality/schemas';
import { changeSerialStatus } from '@/lib/serials/change-status';
import { serialLifecycleMarkdown } from '@/lib/serials/lifecycle';
import { changeSerialStatusResponseSchema, changeSerialStatusSchema } from '@/lib/serials/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/batches/{id}/serials/status',
    summary: "Change the status of a batch's serials (by list or range)",
    description: [
      'Give `serials` (up to 10,000) or a `range` `{from, to}` (inclusive, in serial order), and a `reason`. All or nothing: ',
      'a selected serial that may not make the move is 409 `invalid_transition`, a listed serial the batch does not have 400. ',
      'Audited as one event with the count. The moves:',
      '',
      serialLifecycleMarkdown(),
    ].join('\n'),
    tags: ['Serials'],
    access: 'serials.update',
    errors: ['invalid_transition'],
    params: recordIdParamsSchema,
    body: changeSerialStatusSchema,
    response: changeSerialStatusResponseSchema,
  },
  async ({ ctx, params, body }) => changeSerialStatus(ctx, params.id, body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
