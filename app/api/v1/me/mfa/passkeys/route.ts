import { addPasskey } from '@/lib/auth/mfa/add-passkey';
import { addedPasskeySchema, addPasskeySchema } from '@/lib/auth/mfa/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/passkeys',
    summary: 'Add a passkey or security key',
    description:
      'The browser’s answer to the options of `POST /api/v1/me/mfa/passkeys/options`, its `challengeId` and a name. An expired or ' +
      'used challenge: 400 naming `challengeId`; an answer that does not verify: 400 naming `response`; a passkey already ' +
      'registered: 409. When it is your first second factor, ten recovery codes come with it (this once). Audited and mailed to you.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['conflict'],
    body: addPasskeySchema,
    response: addedPasskeySchema,
    status: 201,
    idempotent: false,
  },
  async ({ actor, meta, body }) => addPasskey({ actor, meta }, body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
