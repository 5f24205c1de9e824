import { stepUpCodeSchema, stepUpResultSchema } from '@/lib/auth/schemas';
import { verifyStepUpWithCode } from '@/lib/auth/verify-step-up';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/verify',
    summary: 'Confirm a second factor for this session (step-up)',
    description:
      'A code from your authenticator app, or an unused recovery code (it is spent). This session then counts as having passed a ' +
      'second factor for 10 minutes: operations that answered 403 `mfa_required` (creating API keys, changing roles or overrides, ' +
      'wiping out a tenant) can be retried. A wrong code is 403 `invalid_code`; too many wrong codes are 429 `rate_limited` with ' +
      '`Retry-After`; without a second factor it is 409 `conflict`. API keys cannot step up.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['invalid_code', 'conflict'],
    idempotent: false,
    body: stepUpCodeSchema,
    response: stepUpResultSchema,
  },
  async ({ actor, body, meta }) => verifyStepUpWithCode(actor, body, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
