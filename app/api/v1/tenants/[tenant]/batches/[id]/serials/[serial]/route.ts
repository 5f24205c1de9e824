import { tenantRoute } from '@/lib/http/route';
import { getSerial } from '@/lib/serials/get-serial';
import { serialDetailSchema, serialParamsSchema } from '@/lib/serials/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/serials/{serial}',
    summary: 'One serial of a batch',
    description:
      'The serial with its `status`, `gtin`, `expiresOn`, `batchNumber` and GS1 element string ' +
      '`(01){gtin}(17){YYMMDD}(10){batchNumber}(21){serial}`. A serial the batch does not have is 404; one that is not ' +
      '12 characters of `0-9A-Z` without `I L O U` is 400 (lower case is read as upper case).',
    tags: ['Serials'],
    access: 'serials.read',
    params: serialParamsSchema,
    response: serialDetailSchema,
  },
  async ({ ctx, params }) => getSerial(ctx, params.id, params.serial),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
