import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { batches, batchTransitions } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { DomainError, forbidden, validationFailed } from '@/lib/errors';
import { recallBatchSerials } from '@/lib/serials/change-status';
import { parseInput } from '@/lib/validation';
import { actingPerson } from '@/lib/acting-person';
import { findMove, movesFrom, movesTo } from './lifecycle';
import { involvementIn, mayDecideOnBatch } from './policy';
import { batchCanonical, batchDetail, loadBatchRow } from './records';
import { releaseBlockers } from './release-check';
import { transitionSchema, type BatchDetailView } from './schemas';
import { loadBatchParticipation, segregationOfDuties } from './segregation';
import { insertSignature, verifySignature } from './signatures';

const invalidTransition = (message: string) => new DomainError('invalid_transition', 409, message);

/**
 * Move a batch along its lifecycle (lib/quality/lifecycle.ts): `{to, reason?, signature?}`. In order:
 * the permission of the move (403), the batch (404), a move the lifecycle allows from its status (409
 * `invalid_transition`), the reason and signature the move needs (400 naming them), segregation of duties
 * (403 `segregation_of_duties`: lib/quality/policy.ts), the release guard (409 `release_blocked` listing every blocker), and last
 * the signer's password (403 `signature_invalid`, nothing changed). Then, in the batch's transaction: the
 * new status, the signature over the record as it stands, the history entry and the audit event.
 * Release, rejection and recall are this function with the moves that need `batches.release`.
 */
export async function transitionBatch(ctx: TenantContext, id: string, input: z.input<typeof transitionSchema>): Promise<BatchDetailView> {
  const data = parseInput(transitionSchema, input);
  const into = movesTo(data.to);
  if (into.length === 0) throw invalidTransition(`No move of the lifecycle leads to ${data.to}.`);
  if (!into.some((m) => ctx.permissions.has(m.permission))) {
    throw forbidden(`Moving a batch to ${data.to} needs the ${into[0].permission} permission.`);
  }
  const before = await loadBatchRow(ctx, id, { forUpdate: true });
  const move = findMove(before.status, data.to);
  if (!move) {
    const allowed = movesFrom(before.status).map((m) => m.to);
    throw invalidTransition(
      `A batch that is ${before.status} cannot move to ${data.to}${allowed.length ? `; it can move to ${allowed.join(' or ')}` : '; it cannot move any further'}.`,
    );
  }
  requirePermission(ctx, move.permission);
  const missing = [];
  if (move.reasonRequired && !data.reason) missing.push({ path: 'reason', message: `Moving a batch to ${move.to} needs a reason.` });
  if (move.signature && !data.signature) {
    missing.push({
      path: 'signature',
      message: `Moving a batch to ${move.to} needs your electronic signature (password and meaning ${move.signature}).`,
    });
  }
  if (!move.signature && data.signature) missing.push({ path: 'signature', message: `Moving a batch to ${move.to} takes no signature.` });
  if (missing.length > 0) throw validationFailed(missing);

  const who = actingPerson(ctx.actor);
  if (move.segregated) {
    const verdict = mayDecideOnBatch(
      involvementIn(await loadBatchParticipation(ctx, before), who.id),
      move.to === 'released' ? 'release' : 'reject',
    );
    if (!verdict.allowed) throw segregationOfDuties(verdict.reasons.join(' '));
  }
  if (move.releaseGuard) {
    const blockers = await releaseBlockers(ctx, before);
    if (blockers.length > 0) {
      throw new DomainError(
        'release_blocked',
        409,
        `The batch cannot be released: ${blockers.map((b) => b.message).join(' ')}`,
        blockers.map((b) => ({ path: b.inspectionId ? `${b.code}.${b.inspectionId}` : b.code, message: b.message })),
      );
    }
  }
  const signer = move.signature ? await verifySignature(ctx, data.signature!, move.signature, { type: 'batch', id }) : null;

  const [after] = await ctx.db
    .update(batches)
    .set({ status: move.to, updatedAt: sql`now()` })
    .where(eq(batches.id, id))
    .returning();
  const signature =
    signer && move.signature
      ? await insertSignature(ctx, {
          recordType: 'batch',
          recordId: id,
          signer,
          meaning: move.signature,
          reason: data.reason ?? null,
          canonical: batchCanonical(after),
        })
      : null;
  await ctx.db.insert(batchTransitions).values({
    tenantId: ctx.tenant.id,
    batchId: id,
    fromStatus: move.from,
    toStatus: move.to,
    reason: data.reason ?? null,
    actorId: who.id,
    actorName: who.name,
    signatureId: signature?.id ?? null,
  });
  // Serialization: recalling a batch recalls its serials still in circulation, in this same transaction (one
  // `serials.recalled` event with the count; lib/serials/change-status.ts).
  if (move.to === 'recalled') await recallBatchSerials(ctx, id, data.reason ?? null);
  await recordAudit(ctx, {
    action: `batch.${move.action}`,
    targetType: 'batch',
    targetId: id,
    // The batch number on both sides: the trail's diff leaves it out (unchanged), the webhook event's state names the batch.
    before: { status: move.from, batchNumber: after.batchNumber },
    after: {
      status: move.to,
      batchNumber: after.batchNumber,
      ...(signature ? { signature: { id: signature.id, meaning: move.signature, signer: signer!.id, sha256: signature.recordHash } } : {}),
    },
    reason: data.reason ?? null,
  });
  return batchDetail(ctx, after);
}
