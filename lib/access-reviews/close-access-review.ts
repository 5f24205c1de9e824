import { and, eq } from 'drizzle-orm';
import { accessReviewCampaigns } from '@/db/schema/access-reviews';
import { actingUserId } from '@/lib/acting-person';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, forbidden } from '@/lib/errors';
import { insertSignature, verifySignature } from '@/lib/quality/signatures';
import { parseInput } from '@/lib/validation';
import { ACCESS_REVIEWS_MANAGE, mayCloseCampaign, progressOf } from './policy';
import { buildAccessReviewReport } from './report';
import { campaignView, loadCampaignRow, loadItemRows, type CampaignRow } from './review-queries';
import { closeAccessReviewSchema, type AccessReviewView, type CloseAccessReviewInput } from './schemas';

/** What the owner's closing signature covers: the campaign and each item's signature. */
export const campaignCanonical = (c: CampaignRow, items: ReadonlyArray<{ id: string; signatureId: string | null }>) => ({
  record: 'access_review',
  id: c.id,
  name: c.name,
  scope: c.scope,
  reviewers: c.reviewers,
  dueOn: c.dueOn,
  ownerId: c.ownerId,
  items: items.map((i) => ({ id: i.id, signatureId: i.signatureId })),
});

/**
 * `POST …/access-reviews/{id}/close`: the owner (who started it, holding `access_reviews.manage`) closes the campaign
 * once every item is decided and signed (409 saying how many are left) with a Part 11 signature (record type
 * `access_review`, meaning `approved`). The report (PDF and CSV, ./report.ts) is built with that signature and stored
 * with its SHA-256; the campaign is `closed` and the database refuses any later change to it. Audited
 * `access_review.closed`.
 */
export async function closeAccessReview(ctx: TenantContext, campaignId: string, input: CloseAccessReviewInput): Promise<AccessReviewView> {
  requirePermission(ctx, ACCESS_REVIEWS_MANAGE);
  const data = parseInput(closeAccessReviewSchema, input);
  const campaign = await loadCampaignRow(ctx, campaignId, { forUpdate: true });
  const items = await loadItemRows(ctx, [campaign.id]);
  const verdict = mayCloseCampaign(campaign, { userId: actingUserId(ctx.actor), held: ctx.permissions }, progressOf(items));
  if (!verdict.allowed) throw verdict.code === 'conflict' ? conflict(verdict.reason) : forbidden(verdict.reason);

  const signer = await verifySignature(ctx, data.signature, 'approved', { type: 'access_review', id: campaign.id });
  const signature = await insertSignature(ctx, {
    recordType: 'access_review',
    recordId: campaign.id,
    signer,
    meaning: 'approved',
    reason: null,
    canonical: campaignCanonical(campaign, items),
  });
  const report = await buildAccessReviewReport(ctx, campaign.id, {
    signatureId: signature.id,
    signerName: signer.name,
    signedAt: signature.signedAt.toISOString(),
  });
  const [after] = await ctx.db
    .update(accessReviewCampaigns)
    .set({
      status: 'closed',
      closedAt: signature.signedAt,
      closingSignatureId: signature.id,
      reportPdf: report.pdf,
      reportCsv: report.csv,
      reportSha256: report.sha256,
    })
    .where(and(eq(accessReviewCampaigns.tenantId, ctx.tenant.id), eq(accessReviewCampaigns.id, campaign.id)))
    .returning();
  await recordAudit(ctx, {
    action: 'access_review.closed',
    targetType: 'access_review',
    targetId: campaign.id,
    before: { status: campaign.status },
    after: {
      status: after.status,
      name: after.name,
      items: items.length,
      signature: { id: signature.id, meaning: 'approved', signer: signer.id, sha256: signature.recordHash },
      reportSha256: report.sha256,
    },
  });
  return campaignView(after, items);
}
