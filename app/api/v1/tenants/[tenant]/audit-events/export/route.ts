import { CSV_COLUMNS, exportAuditEvents } from '@/lib/audit/export-audit-events';
import { z } from 'zod';
import { auditEventSchema, auditExportQuerySchema } from '@/lib/audit/schemas';
import { exportResponse } from '@/lib/http/export-file';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { readOnlyMethods } from '@/lib/http/read-only-methods';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

const PATH = '/api/v1/tenants/{tenant}/audit-events/export';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: PATH,
    summary: "Export the tenant's audit trail as CSV or JSON (streamed)",
    description:
      'The same filters as the list; the events matching them up to the moment of the request, oldest first, as a ' +
      'download (`Content-Disposition: attachment`). `format=csv` (default): a header row, then one row per event with ' +
      `the columns ${CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')} (RFC 4180 quoting; \`before\` and \`after\` as JSON text; a text cell beginning with \`=\`, \`+\`, \`-\`, \`@\`, tab or CR is prefixed with \`'\` so spreadsheets do not run it as a formula — the JSON export is verbatim). ` +
      "`format=json`: an array of the list's items with `seq` and `prevHash` added. Streamed page by page, so any length " +
      'exports in bounded memory. `X-Audit-Through-Seq` names the last sequence number the export covers. The export ' +
      'is recorded in the trail as `audit.exported` with its format and filters.',
    tags: ['Audit trail'],
    access: 'audit.export',
    produces: {
      description: 'The export: CSV (`format=csv`, the default) or a JSON array (`format=json`)',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/json': { schema: z.array(auditEventSchema.extend({ seq: z.number().int(), prevHash: z.string() })) },
      },
    },
    params: tenantParamsSchema,
    query: auditExportQuerySchema,
  },
  async ({ ctx, query }) => {
    // Permission, filters and the `audit.exported` event inside the request's tenant transaction; the stream reads
    // the events afterwards in transactions of its own.
    const file = await exportAuditEvents(ctx, query);
    return exportResponse(file, { 'x-audit-through-seq': String(file.throughSeq) });
  },
);

const readOnly = readOnlyMethods(PATH, { tags: ['Audit trail'], detail: 'exporting only reads the audit trail.' });
export const PUT = readOnly.PUT;
export const PATCH = readOnly.PATCH;
export const DELETE = readOnly.DELETE;
export const OPTIONS = readOnly.OPTIONS;

export const { POST } = methodsNotAllowed(['GET']);
