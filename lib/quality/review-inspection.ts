import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { inspections } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, validationFailed } from '@/lib/errors';
import { mayReviewInspection } from './policy';
import { parseInput } from '@/lib/validation';
import { actingPerson } from '@/lib/acting-person';
import { inspectionCanonical, inspectionViews, loadInspectionRow } from './records';
import { reviewInspectionSchema, type InspectionView } from './schemas';
import { segregationOfDuties } from './segregation';
import { insertSignature, verifySignature } from './signatures';

/**
 * Review a submitted inspection (`inspections.approve`): `{decision: approve|reject, reason?, signature}`,
 * signed with meaning `approved` or `rejected` (a rejection needs a reason), by someone other than the
 * performer (403 `segregation_of_duties`; lib/quality/policy.ts `mayReviewInspection`). Approving accepts the inspection's result, pass or fail;
 * rejecting discards the inspection itself (a retest is then a new inspection). Once only (409).
 */
export async function reviewInspection(
  ctx: TenantContext,
  id: string,
  input: z.input<typeof reviewInspectionSchema>,
): Promise<InspectionView> {
  requirePermission(ctx, 'inspections.approve');
  const data = parseInput(reviewInspectionSchema, input);
  if (data.decision === 'reject' && !data.reason)
    throw validationFailed([{ path: 'reason', message: 'Rejecting an inspection needs a reason.' }]);
  const before = await loadInspectionRow(ctx, id, { forUpdate: true });
  const verdict = mayReviewInspection(before, actingPerson(ctx.actor).id);
  if (!verdict.allowed) {
    throw before.status !== 'submitted' ? conflict(verdict.reasons.join(' ')) : segregationOfDuties(verdict.reasons.join(' '));
  }
  const meaning = data.decision === 'approve' ? 'approved' : 'rejected';
  const signer = await verifySignature(ctx, data.signature, meaning, { type: 'inspection', id });

  const [after] = await ctx.db
    .update(inspections)
    .set({
      status: meaning,
      reviewedBy: signer.id,
      reviewedByName: signer.name,
      reviewedAt: sql`clock_timestamp()`,
      reviewReason: data.reason ?? null,
    })
    .where(eq(inspections.id, id))
    .returning();
  const signature = await insertSignature(ctx, {
    recordType: 'inspection',
    recordId: id,
    signer,
    meaning,
    reason: data.reason ?? null,
    canonical: inspectionCanonical(after),
  });
  await recordAudit(ctx, {
    action: `inspection.${meaning}`,
    targetType: 'inspection',
    targetId: id,
    before: { status: before.status },
    after: {
      status: after.status,
      result: after.result,
      signature: { id: signature.id, meaning, signer: signer.id, sha256: signature.recordHash },
    },
    reason: data.reason ?? null,
  });
  return (await inspectionViews(ctx, [after]))[0];
}
