import { tenantRoute } from '@/lib/http/route';
import { lifecycleMarkdown } from '@/lib/quality/lifecycle';
import { batchDetailSchema, recordIdParamsSchema, transitionSchema } from '@/lib/quality/schemas';
import { signingRoute } from '@/lib/http/signing-route';
import { transitionBatch } from '@/lib/quality/transition-batch';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = signingRoute(
  tenantRoute(
    {
      method: 'POST',
      path: '/api/v1/tenants/{tenant}/batches/{id}/transitions',
      summary: 'Move a batch along its lifecycle (release, reject and recall included)',
      description: [
        'The moves the lifecycle allows, and what each needs:',
        '',
        lifecycleMarkdown(),
        '',
        "Any other move is 409 `invalid_transition`. A signature is `{password, meaning}`: a wrong password is 403 `signature_invalid`, changes nothing, is audited and counts toward the account's sign-in lockout. ",
        'Release is 409 `release_blocked` (listing every blocker) unless the batch has an approved, passing release inspection and none awaiting review, ',
        'and every failed, approved release inspection has a retest linked to it (`retestOf`, possibly through a chain of retests) that passed and was approved. ',
        'Whoever created, corrected or moved the batch, or performed or reviewed one of its inspections, cannot release or reject it (403 `segregation_of_duties`, naming each involvement). ',
        'Signing without the password (tenant setting `signatureRequiresPassword` off) works only in the session of an earlier password signature, while that session stays in use.',
      ].join('\n'),
      tags: ['Batches'],
      access: 'member',
      errors: ['invalid_transition', 'release_blocked', 'segregation_of_duties', 'signature_invalid', 'rate_limited', 'conflict'],
      params: recordIdParamsSchema,
      body: transitionSchema,
      response: batchDetailSchema,
    },
    async ({ ctx, params, body }) => transitionBatch(ctx, params.id, body),
  ),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
