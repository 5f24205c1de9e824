import { removePasskey } from '@/lib/auth/mfa/remove-passkey';
import { renamePasskey } from '@/lib/auth/mfa/rename-passkey';
import { passkeyParamsSchema, passkeySchema, renamePasskeySchema } from '@/lib/auth/mfa/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const PATCH = route(
  {
    method: 'PATCH',
    path: '/api/v1/me/mfa/passkeys/{id}',
    summary: 'Rename one of your passkeys',
    description: 'Another person’s passkey, or an unknown id: 404. Audited (`user.mfa_passkey_renamed`).',
    tags: ['Me'],
    access: 'authenticated',
    params: passkeyParamsSchema,
    body: renamePasskeySchema,
    response: passkeySchema,
  },
  async ({ actor, meta, params, body }) => renamePasskey({ actor, meta }, params.id, body),
);

export const DELETE = route(
  {
    method: 'DELETE',
    path: '/api/v1/me/mfa/passkeys/{id}',
    summary: 'Remove one of your passkeys',
    description:
      'Needs a recent second-factor check (403 `mfa_required`). Another person’s passkey, or an unknown id: 404. Without another ' +
      'factor left your recovery codes are deleted too. Audited and mailed to you.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['mfa_required'],
    params: passkeyParamsSchema,
    status: 204,
  },
  async ({ actor, meta, params }) => {
    await removePasskey({ actor, meta }, params.id);
  },
);

export const { GET, POST, PUT } = methodsNotAllowed(['PATCH', 'DELETE']);
