import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { roles, systems, teams } from '@/db/schema/access';
import { accessReviewCampaigns, accessReviewItems, type AccessReviewReviewers, type AccessReviewScope } from '@/db/schema/access-reviews';
import { users } from '@/db/schema/identity';
import { electronicSignatures } from '@/db/schema/quality';
import { PERMISSION_CATALOG } from '@/lib/access/permission-catalog';
import type { Permission } from '@/lib/access/permissions';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { accessReviewReportCsv } from './report-csv';
import {
  accessInWords,
  changeInWords,
  roleIdsOf,
  snapshotRoleName,
  type AccessReviewReportData,
  type ReportSignature,
} from './report-data';
import { accessReviewReportPdf } from './report-pdf';

/** The owner's closing signature, as the closing function has just written it. */
export type ReportClosing = { signatureId: string; signerName: string; signedAt: string };

export type AccessReviewReport = { pdf: Buffer; csv: string; sha256: string };

type CampaignRow = typeof accessReviewCampaigns.$inferSelect;
type ItemRow = typeof accessReviewItems.$inferSelect;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

async function scopeInWords(ctx: TenantContext, scope: AccessReviewScope): Promise<string> {
  switch (scope.type) {
    case 'all':
      return 'All members';
    case 'team': {
      const [team] = await ctx.db
        .select({ name: teams.name })
        .from(teams)
        .where(and(eq(teams.tenantId, ctx.tenant.id), eq(teams.id, scope.teamId)));
      return `Members of team ${team?.name ?? `(deleted, ${scope.teamId})`}`;
    }
    case 'system': {
      const [system] = await ctx.db
        .select({ name: systems.name })
        .from(systems)
        .where(and(eq(systems.tenantId, ctx.tenant.id), eq(systems.id, scope.systemId)));
      return `Members with access to system ${system?.name ?? `(removed, ${scope.systemId})`}`;
    }
    case 'permissions':
      return `Holders of ${scope.permissions
        .map((p) => (p in PERMISSION_CATALOG ? `${PERMISSION_CATALOG[p as Permission].title} (${p})` : p))
        .join(', ')}`;
  }
}

async function reviewersInWords(ctx: TenantContext, reviewers: AccessReviewReviewers, items: ItemRow[]): Promise<string> {
  if (reviewers.type === 'admins') return 'The admins (holders of access_reviews.manage)';
  const named = new Map(items.map((i) => [i.reviewerId, i.reviewerName]));
  const missing = reviewers.userIds.filter((id) => !named.has(id));
  if (missing.length > 0) {
    for (const u of await ctx.db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(inArray(users.id, missing)))
      named.set(u.id, u.name || u.email);
  }
  return reviewers.userIds.map((id) => named.get(id) ?? id).join(', ');
}

const signatureView = (s: typeof electronicSignatures.$inferSelect): ReportSignature => ({
  id: s.id,
  signerName: s.signerName,
  meaning: s.meaning,
  signedAt: new Date(s.signedAt).toISOString(),
  recordHash: s.recordHash,
});

/**
 * Everything the report shows, read from the campaign, its items, their signatures (record type
 * `access_review_item`) and the closing signature. No permission check: callers decide (the closing function
 * and `getAccessReviewReport` hold access_reviews.manage).
 */
export async function loadAccessReviewReportData(
  ctx: TenantContext,
  campaignId: string,
  closing?: ReportClosing,
): Promise<AccessReviewReportData> {
  const [campaign]: CampaignRow[] = await ctx.db
    .select()
    .from(accessReviewCampaigns)
    .where(and(eq(accessReviewCampaigns.tenantId, ctx.tenant.id), eq(accessReviewCampaigns.id, campaignId)));
  if (!campaign) throw notFound('access review');
  const items = await ctx.db
    .select()
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.tenantId, ctx.tenant.id), eq(accessReviewItems.campaignId, campaignId)))
    .orderBy(
      asc(accessReviewItems.subjectName),
      asc(accessReviewItems.subjectEmail),
      asc(accessReviewItems.reviewerName),
      asc(accessReviewItems.id),
    );

  const signatureRows =
    items.length === 0
      ? []
      : await ctx.db
          .select()
          .from(electronicSignatures)
          .where(
            and(
              eq(electronicSignatures.tenantId, ctx.tenant.id),
              eq(electronicSignatures.recordType, 'access_review_item'),
              inArray(
                electronicSignatures.recordId,
                items.map((i) => i.id),
              ),
            ),
          )
          .orderBy(asc(electronicSignatures.signedAt));
  const byId = new Map(signatureRows.map((s) => [s.id, s]));
  const byRecord = new Map(signatureRows.map((s) => [s.recordId, s])); // the latest per item

  const closingId = closing?.signatureId ?? campaign.closingSignatureId;
  let closingView: ReportSignature | null = null;
  if (closingId) {
    const [row] = await ctx.db
      .select()
      .from(electronicSignatures)
      .where(and(eq(electronicSignatures.tenantId, ctx.tenant.id), eq(electronicSignatures.id, closingId)));
    closingView = row
      ? signatureView(row)
      : closing
        ? { id: closing.signatureId, signerName: closing.signerName, meaning: 'approved', signedAt: closing.signedAt, recordHash: null }
        : null;
    if (closing && closingView)
      closingView = { ...closingView, signerName: closing.signerName, signedAt: new Date(closing.signedAt).toISOString() };
  }
  // Role names: the snapshot's (as the reviewer saw them), else the tenant's roles now (a modify's new roles).
  const snapshotRoles = new Map(items.flatMap((i) => i.snapshot.roles.map((r) => [r.id, snapshotRoleName(r)] as const)));
  const unknown = [...new Set(items.flatMap((i) => [...roleIdsOf(i.change), ...roleIdsOf(i.appliedChange)]))].filter(
    (id) => !snapshotRoles.has(id),
  );
  if (unknown.length > 0) {
    const rows = await ctx.db
      .select({ id: roles.id, name: roles.name, system: systems.name })
      .from(roles)
      .leftJoin(systems, and(eq(systems.tenantId, roles.tenantId), eq(systems.id, roles.systemId)))
      .where(and(eq(roles.tenantId, ctx.tenant.id), inArray(roles.id, unknown)));
    for (const r of rows) snapshotRoles.set(r.id, r.system ? `${r.name} (${r.system})` : r.name);
  }
  const roleName = (id: string) => snapshotRoles.get(id) ?? `(deleted role ${id})`;
  const final = Boolean(closing) || (campaign.status === 'closed' && closingView !== null);

  return {
    tenant: { slug: ctx.tenant.slug, name: ctx.tenant.name },
    generatedAt: final && closingView ? closingView.signedAt : now().toISOString(),
    draft: !final,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      scope: await scopeInWords(ctx, campaign.scope),
      reviewers: await reviewersInWords(ctx, campaign.reviewers, items),
      owner: { id: campaign.ownerId, name: campaign.ownerName },
      dueOn: campaign.dueOn,
      recurrence: campaign.recurrence,
      startedAt: iso(campaign.createdAt)!,
      closedAt: iso(campaign.closedAt) ?? (closing ? new Date(closing.signedAt).toISOString() : null),
      previousCampaignId: campaign.previousCampaignId,
    },
    closing: closingView,
    items: items.map((item) => {
      const signature = (item.signatureId && byId.get(item.signatureId)) || byRecord.get(item.id) || null;
      const signed = signature !== null || item.signedAt !== null;
      return {
        id: item.id,
        member: { name: item.subjectName, email: item.subjectEmail, membershipId: item.membershipId },
        reviewer: { id: item.reviewerId, name: item.reviewerName },
        accessAtStart: accessInWords(item.snapshot),
        decision: item.decision,
        requestedChange: item.decision === 'keep' ? '' : changeInWords(item.change, roleName, false),
        comment: item.comment,
        decidedAt: iso(item.decidedAt),
        signature: signature ? signatureView(signature) : null,
        resultingChange: signed ? changeInWords(item.appliedChange ?? {}, roleName, true) : '',
      };
    }),
  };
}

/**
 * The campaign report (issue 21): PDF and CSV of every decision, reviewer, signature, time and resulting change,
 * with the campaign's facts, and the SHA-256 (hex) of the PDF's bytes. With `closing` (the owner's signature just
 * written by the closing function, in the same transaction) it is the final report the closing function stores;
 * without, a draft that says so on every page. Reads within ctx.db (the tenant's transaction); writes nothing.
 */
export async function buildAccessReviewReport(
  ctx: TenantContext,
  campaignId: string,
  closing?: ReportClosing,
): Promise<AccessReviewReport> {
  const data = await loadAccessReviewReportData(ctx, campaignId, closing);
  const pdf = Buffer.from(await accessReviewReportPdf(data));
  return { pdf, csv: accessReviewReportCsv(data), sha256: createHash('sha256').update(pdf).digest('hex') };
}

export type AccessReviewReportFile = {
  format: 'pdf' | 'csv';
  body: Buffer | string;
  /** SHA-256 (hex) of the PDF: the stored one for a closed campaign. */
  sha256: string;
  draft: boolean;
  filename: string;
};

const fileStem = (name: string) => `access-review-${name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'report'}`;

/**
 * The report for download (`access_reviews.manage`): a closed campaign answers the report stored at closing, never
 * rebuilt; an open one a draft built now. Audited `access_review.report_exported` with the format and whether it
 * was a draft. 404 for an id not in the tenant.
 */
export async function getAccessReviewReport(
  ctx: TenantContext,
  campaignId: string,
  format: 'pdf' | 'csv',
): Promise<AccessReviewReportFile> {
  requirePermission(ctx, 'access_reviews.manage');
  const [campaign] = await ctx.db
    .select({
      id: accessReviewCampaigns.id,
      name: accessReviewCampaigns.name,
      status: accessReviewCampaigns.status,
      reportPdf: accessReviewCampaigns.reportPdf,
      reportCsv: accessReviewCampaigns.reportCsv,
      reportSha256: accessReviewCampaigns.reportSha256,
    })
    .from(accessReviewCampaigns)
    .where(and(eq(accessReviewCampaigns.tenantId, ctx.tenant.id), eq(accessReviewCampaigns.id, campaignId)));
  if (!campaign) throw notFound('access review');
  const stored = campaign.status === 'closed' && campaign.reportPdf && campaign.reportCsv !== null && campaign.reportSha256;
  const report: AccessReviewReport = stored
    ? { pdf: campaign.reportPdf!, csv: campaign.reportCsv!, sha256: campaign.reportSha256! }
    : await buildAccessReviewReport(ctx, campaignId);
  const draft = !stored;
  await recordAudit(ctx, {
    action: 'access_review.report_exported',
    targetType: 'access_review',
    targetId: campaignId,
    after: { name: campaign.name, format, draft, sha256: report.sha256 },
  });
  return {
    format,
    body: format === 'pdf' ? report.pdf : report.csv,
    sha256: report.sha256,
    draft,
    filename: `${fileStem(campaign.name)}${draft ? '-draft' : ''}.${format}`,
  };
}
