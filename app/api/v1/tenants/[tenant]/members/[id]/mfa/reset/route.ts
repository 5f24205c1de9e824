import { memberSecondFactorsResetSchema } from '@/lib/auth/mfa/schemas';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { memberParamsSchema } from '@/lib/tenancy/member-schemas';
import { resetMemberSecondFactors } from '@/lib/tenancy/reset-member-second-factors';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/members/{id}/mfa/reset',
    summary: 'Reset a member’s second factors',
    description:
      'Deletes the member’s authenticator app, passkeys and recovery codes (they lost them); the answer counts what was removed. ' +
      'Needs members.update and a member within your power (403; your own membership is allowed). If you have a second factor, ' +
      'this needs a recent check (403 `mfa_required`). Audited as `member.second_factors_reset`; the member is mailed.',
    tags: ['Members'],
    access: 'members.update',
    errors: ['mfa_required'],
    params: memberParamsSchema,
    response: memberSecondFactorsResetSchema,
    idempotent: false,
  },
  async ({ ctx, params }) => resetMemberSecondFactors(ctx, params.id),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
