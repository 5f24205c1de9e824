import { chainVerificationSchema } from '@/lib/audit/schemas';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { readOnlyMethods } from '@/lib/http/read-only-methods';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

const PATH = '/api/v1/tenants/{tenant}/audit-events/verify';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: PATH,
    summary: "Verify the integrity of the tenant's audit trail",
    description:
      'Recomputes the hash chain in the database: every event must hash to its stored hash, link to the previous ' +
      "event's hash, and the sequence must run 1, 2, 3… without a gap. `brokenAt` names the first event where that fails.",
    tags: ['Audit trail'],
    access: 'audit.read',
    params: tenantParamsSchema,
    response: chainVerificationSchema,
  },
  async ({ ctx }) => verifyAuditChain(ctx),
);

const readOnly = readOnlyMethods(PATH, { tags: ['Audit trail'], detail: 'verification only reads the audit trail.' });
export const PUT = readOnly.PUT;
export const PATCH = readOnly.PATCH;
export const DELETE = readOnly.DELETE;
export const OPTIONS = readOnly.OPTIONS;

export const { POST } = methodsNotAllowed(['GET']);
