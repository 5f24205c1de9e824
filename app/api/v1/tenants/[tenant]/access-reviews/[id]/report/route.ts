import { getAccessReviewReport } from '@/lib/access-reviews/report';
import { accessReviewReportParamsSchema, accessReviewReportQuerySchema } from '@/lib/access-reviews/report-schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/access-reviews/{id}/report',
    summary: 'Download an access review campaign report as PDF or CSV',
    description:
      'Needs `access_reviews.manage`. Every decision of the campaign: the member and their access when it started, the ' +
      'reviewer, the decision with its comment and time, the reviewer’s electronic signature (printed name, meaning, time, ' +
      'record hash) and the change it made; the campaign’s scope, reviewers, owner, due date, start and closing, and the ' +
      'owner’s closing signature. A closed campaign answers the report stored when it was closed, byte for byte (never ' +
      'rebuilt); an open one a draft made now that says DRAFT on every page (`X-Report-Status: draft`). `X-Report-SHA256` ' +
      'is the SHA-256 (hex) of the PDF. `format=pdf` (default) or `format=csv` (RFC 4180, one record per item). Sent as a ' +
      'download; each download is audited as `access_review.report_exported`.',
    tags: ['Access reviews'],
    access: 'access_reviews.manage',
    produces: {
      description: 'The report: a PDF (`format=pdf`) or CSV (`format=csv`)',
      content: {
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
        'text/csv': { schema: { type: 'string', description: 'One record per item, with a header record' } },
      },
    },
    params: accessReviewReportParamsSchema,
    query: accessReviewReportQuerySchema,
  },
  async ({ ctx, params, query }) => {
    const file = await getAccessReviewReport(ctx, params.id, query.format);
    const headers = {
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="${file.filename}"`,
      'x-report-sha256': file.sha256,
      'x-report-status': file.draft ? 'draft' : 'final',
    };
    if (file.format === 'csv')
      return new Response(String(file.body), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
    const pdf = new Uint8Array(file.body as Buffer);
    return new Response(pdf, { headers: { ...headers, 'content-type': 'application/pdf', 'content-length': String(pdf.byteLength) } });
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
