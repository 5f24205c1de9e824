import { z } from 'zod';
import { exportResponse } from '@/lib/http/export-file';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';
import { MEMBER_CSV_COLUMNS, MEMBER_CSV_LIST_SEPARATOR, exportMembers } from '@/lib/tenancy/export-members';
import { memberExportQuerySchema } from '@/lib/tenancy/member-export-schemas';
import { memberSchema } from '@/lib/tenancy/member-schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/members/export',
    summary: "Export the tenant's members as CSV or JSON (streamed)",
    description:
      "The members list's filters and order (`q`, `role`, `attribute`, `status`, `sort`, `dir`), every matching member " +
      'as a download (`Content-Disposition: attachment`). `format=csv` (default): a header row, then one row per member ' +
      `with the columns ${MEMBER_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}, then one column per custom member ` +
      "attribute the tenant defines, headed by its label, in the definitions' order (a label equal to another column's " +
      `gets its key in brackets). Roles and teams are names separated by \`${MEMBER_CSV_LIST_SEPARATOR.trim()}\`, a ` +
      "downstream system's role with its system (`Admin · ims`); an attribute not set, or no longer defined, is an empty " +
      "cell. RFC 4180 quoting; a text cell beginning with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so " +
      "spreadsheets do not run it as a formula (the JSON export is verbatim). `format=json`: an array of the list's " +
      'items. Streamed page by page, so any number of members exports in bounded memory. The export is recorded in the ' +
      'trail as `members.exported` with its format, filters and the number of members.',
    tags: ['Members'],
    access: 'members.read',
    produces: {
      description: 'The export: CSV (`format=csv`, the default) or a JSON array (`format=json`)',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/json': { schema: z.array(memberSchema) },
      },
    },
    params: tenantParamsSchema,
    query: memberExportQuerySchema,
  },
  async ({ ctx, query }) => {
    // Permission, filters and the `members.exported` event inside the request's tenant transaction; the stream reads
    // the members afterwards in transactions of its own.
    return exportResponse(await exportMembers(ctx, query));
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
