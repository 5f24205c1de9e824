import { tenantRoute } from '@/lib/http/route';
import { batchRecordPdf } from '@/lib/quality/batch-record-pdf';
import { exportBatch } from '@/lib/quality/export-batch';
import { exportBatchQuerySchema, recordIdParamsSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const fileName = (batchNumber: string, ext: string) => `batch-record-${batchNumber.replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/export',
    summary: 'Export a batch record as JSON or PDF',
    description:
      'Needs `batches.read`. The batch with its data and status history, its inspections (with `inspections.read`; otherwise ' +
      'left out and named in `omitted`), every electronic signature with printed name, meaning, time (UTC), record hash and ' +
      '`valid`, notes, attachments (name, type, size, SHA-256) and the audit events about the batch and its inspections. ' +
      '`format=json` (default) answers the record as JSON; `format=pdf` as a readable A4 PDF. Sent as a download ' +
      '(`Content-Disposition: attachment`). Each export is audited as `batch.exported`.',
    tags: ['Batches'],
    access: 'batches.read',
    produces: {
      description: 'The batch record: JSON (`format=json`) or a PDF (`format=pdf`)',
      content: {
        'application/json': {
          schema: { type: 'object', description: 'The batch record with its signatures, history, inspections and audit events' },
        },
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      },
    },
    params: recordIdParamsSchema,
    query: exportBatchQuerySchema,
  },
  async ({ ctx, params, query }) => {
    const record = await exportBatch(ctx, params.id, query.format);
    const headers = {
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="${fileName(record.batch.batchNumber, query.format)}"`,
    };
    if (query.format === 'json') return Response.json(record, { headers });
    const pdf = await batchRecordPdf(record);
    return new Response(new Uint8Array(pdf), {
      headers: { ...headers, 'content-type': 'application/pdf', 'content-length': String(pdf.byteLength) },
    });
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
