import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/account-context';
import { secondFactorsSchema } from '@/lib/auth/mfa/schemas';
import { secondFactorStatus } from '@/lib/auth/mfa/second-factor-status';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/me/mfa',
    summary: 'Your second factors',
    description:
      'Whether an authenticator app is active (`totp`; one being set up does not count), your passkeys and security keys ' +
      '(oldest first, with when each was added and last used), and how many recovery codes are left unused.',
    tags: ['Me'],
    access: 'authenticated',
    response: secondFactorsSchema,
  },
  async ({ actor }) => secondFactorStatus(await getDb(), requireUser(actor).id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
