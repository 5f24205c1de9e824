import { tenantRoute } from '@/lib/http/route';
import { recordIdParamsSchema } from '@/lib/quality/schemas';
import { exportSerials, SERIAL_CSV_COLUMNS } from '@/lib/serials/list-serials';
import { exportSerialsQuerySchema } from '@/lib/serials/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/serials/export',
    summary: "Export a batch's serials as CSV (streamed)",
    description: `Optionally of one \`status\`; in serial order, columns ${SERIAL_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}; a text cell beginning with \`=\`, \`+\`, \`-\`, \`@\`, tab or CR is prefixed with \`'\` (no spreadsheet formulas). Streamed page by page in bounded memory.`,
    tags: ['Serials'],
    access: 'serials.read',
    produces: {
      description: 'The serials as CSV',
      content: { 'text/csv': { schema: { type: 'string' } } },
    },
    params: recordIdParamsSchema,
    query: exportSerialsQuerySchema,
  },
  async ({ ctx, params, query }) => {
    const file = await exportSerials(ctx, params.id, query);
    return new Response(file.stream, {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
      },
    });
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
