import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as CREATE } from '@/app/api/v1/tenants/[tenant]/access-reviews/route';
import { PATCH as DECIDE } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/items/[itemId]/route';
import { POST as SIGN } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/sign/route';
import { POST as CLOSE } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/close/route';
import { GET as REPORT } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/report/route';
import { auditEvents, electronicSignatures, teamMembers, teams, users } from '@/db/schema';
import { accessReviewCampaigns, accessReviewItems } from '@/db/schema/access-reviews';
import { buildAccessReviewReport } from '@/lib/access-reviews/report';
import { ACCESS_REVIEW_REPORT_COLUMNS } from '@/lib/access-reviews/report-csv';
import { DRAFT_NOTICE } from '@/lib/access-reviews/report-pdf';
import { getDb } from '@/db/client';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { parseCsv } from '../support/csv';
import { call, createTenantWithMembers, unique, type TestTenant, type TestUser } from '../support/fixtures';
import { newMember } from '../support/members';
import { giveTestPasswords, sign } from '../support/quality';
import { pdfText } from '../support/pdf-text';

// The access-review report (issue 21): a campaign started, decided and signed through its routes; while open the
// report is a draft saying so on every page; once the owner closes it, the stored PDF and CSV hold every decision,
// reviewer, signature (printed name, meaning, time, record hash) and resulting change, and are answered byte for byte
// ever after, whatever changes later. Only access_reviews.manage downloads it; another tenant's id is 404.

const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}/access-reviews`;

async function report(t: TestTenant, id: string, cookie: string, format = 'pdf') {
  const response = await REPORT(new Request(`${base(t)}/${id}/report?format=${format}`, { headers: { cookie } }), {
    params: Promise.resolve({ tenant: t.slug, id }),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

let t: TestTenant;
let other: TestTenant;
let leaver: TestUser & { membershipId: string };
let keeper: TestUser & { membershipId: string };
let teamId: string;
let teamName: string;
let id: string;
const NAME = 'Report review "Q1", 2027';
const COMMENT = 'Left production, "for good"';

const itemOf = async (subjectId: string) =>
  (await withTenant(t.id, (tx) => tx.select().from(accessReviewItems).where(eq(accessReviewItems.campaignId, id)))).find(
    (i) => i.subjectUserId === subjectId,
  )!;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
  await giveTestPasswords(t);
  leaver = await newMember(t, ['operator', 'viewer'], 'leaver');
  keeper = await newMember(t, ['viewer'], 'keeper');
  teamName = `Packaging ${unique()}`;
  teamId = await withTenant(t.id, async (tx) => {
    const [team] = await tx.insert(teams).values({ tenantId: t.id, name: teamName }).returning({ id: teams.id });
    await tx.insert(teamMembers).values([
      { tenantId: t.id, teamId: team.id, membershipId: leaver.membershipId },
      { tenantId: t.id, teamId: team.id, membershipId: keeper.membershipId },
    ]);
    return team.id;
  });
  const created = await call(CREATE, {
    method: 'POST',
    url: base(t),
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { name: NAME, scope: { type: 'team', teamId }, reviewers: { type: 'people', userIds: [t.users.qa.id] }, dueOn: '2099-12-31' },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  id = created.json.id;
  const decide = async (subject: TestUser, body: unknown) => {
    const item = await itemOf(subject.id);
    const res = await call(DECIDE, {
      method: 'PATCH',
      url: `${base(t)}/${id}/items/${item.id}`,
      params: { tenant: t.slug, id, itemId: item.id },
      cookie: t.users.qa.cookie,
      body,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  };
  await decide(leaver, { decision: 'revoke', comment: COMMENT, change: { roleIds: ['operator'] } });
  await decide(keeper, { decision: 'keep', comment: 'Still packs daily' });
});

describe('the access-review report', () => {
  it('while the campaign is open is a draft: DRAFT on every page, decisions shown as unsigned, CSV marked draft', async () => {
    const pdf = await report(t, id, t.users.admin.cookie);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('x-report-status')).toBe('draft');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="access-review-Report_review_Q1_2027-draft\.pdf"$/);
    expect(pdf.headers.get('x-report-sha256')).toBe(createHash('sha256').update(pdf.bytes).digest('hex'));
    const text = await pdfText(pdf.bytes);
    const pages = (await PDFDocument.load(pdf.bytes)).getPageCount();
    expect(text.split(DRAFT_NOTICE).length - 1).toBe(pages);
    expect(text).toContain(`Decision: Revoke - Remove role operator`);
    expect(text).toContain('Signature: not signed - the decision has not taken effect');
    expect(text).toContain('Not signed: the owner signs the campaign when closing it.');

    const csv = await report(t, id, t.users.admin.cookie, 'csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(csv.bytes.toString('utf8'));
    expect(rows[0]).toEqual([...ACCESS_REVIEW_REPORT_COLUMNS]);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['draft', 'draft']);
    // The draft is audited like every download.
    const audits = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, 'access_review.report_exported'))),
    );
    expect(audits.map((a) => (a.after as { format: string; draft: boolean }).format).sort()).toEqual(['csv', 'pdf']);
    expect(audits.every((a) => a.targetId === id && (a.after as { draft: boolean }).draft === true && a.actorId === t.users.admin.id)).toBe(
      true,
    );
  });

  it('once closed holds every decision, reviewer, signature with its record hash, time and resulting change', async () => {
    const signed = await call(SIGN, {
      method: 'POST',
      url: `${base(t)}/${id}/sign`,
      params: { tenant: t.slug, id },
      cookie: t.users.qa.cookie,
      body: { signature: sign('reviewed') },
    });
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    const closed = await call(CLOSE, {
      method: 'POST',
      url: `${base(t)}/${id}/close`,
      params: { tenant: t.slug, id },
      cookie: t.users.admin.cookie,
      body: { signature: sign('approved') },
    });
    expect(closed.status, JSON.stringify(closed.json)).toBe(200);

    const [campaign] = await withTenant(t.id, (tx) => tx.select().from(accessReviewCampaigns).where(eq(accessReviewCampaigns.id, id)));
    const signatures = await withTenant(t.id, (tx) =>
      tx.select().from(electronicSignatures).where(eq(electronicSignatures.tenantId, t.id)),
    );
    const leaverItem = await itemOf(leaver.id);
    const keeperItem = await itemOf(keeper.id);
    const leaverSig = signatures.find((s) => s.id === leaverItem.signatureId)!;
    const keeperSig = signatures.find((s) => s.id === keeperItem.signatureId)!;
    const closing = signatures.find((s) => s.id === campaign.closingSignatureId)!;
    expect(leaverSig).toMatchObject({ recordType: 'access_review_item', meaning: 'reviewed', signerName: t.users.qa.name });
    expect(closing).toMatchObject({ recordType: 'access_review', meaning: 'approved', signerName: t.users.admin.name });

    const pdf = await report(t, id, t.users.admin.cookie);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('x-report-status')).toBe('final');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="access-review-Report_review_Q1_2027.pdf"');
    // The stored bytes, and their SHA-256 as stored.
    expect(pdf.bytes.equals(campaign.reportPdf!)).toBe(true);
    expect(pdf.headers.get('x-report-sha256')).toBe(campaign.reportSha256);
    expect(campaign.reportSha256).toBe(createHash('sha256').update(pdf.bytes).digest('hex'));

    const text = await pdfText(pdf.bytes);
    expect(text).not.toContain('DRAFT');
    for (const expected of [
      NAME,
      `Members of team ${teamName}`,
      t.users.qa.name, // reviewers
      `Final report, stored when ${t.users.admin.name} closed the campaign on ${utc(closing.signedAt)}; it is kept unchanged.`,
      '2099-12-31',
      'One-off',
      '2 (2 decided, 2 signed)',
      'Keep 1, Revoke 1, Modify 0, Undecided 0',
      // The owner's closing signature.
      `${t.users.admin.name} - approved - ${utc(closing.signedAt)}`,
      `Record hash (SHA-256): ${closing.recordHash}`,
      // The revocation: member, reviewer, decision, comment, signature, hash, what it changed.
      `${leaver.name} <${leaver.email}>`,
      `Reviewer: ${t.users.qa.name}`,
      `Decision: Revoke - Remove role operator (decided ${utc(leaverItem.decidedAt!)})`,
      `Comment: ${COMMENT}`,
      `Signature: ${t.users.qa.name} - reviewed - ${utc(leaverSig.signedAt)}`,
      `Record hash (SHA-256): ${leaverSig.recordHash}`,
      'Resulting change: Removed role operator',
      // The keep.
      `${keeper.name} <${keeper.email}>`,
      `Decision: Keep (decided ${utc(keeperItem.decidedAt!)})`,
      'Comment: Still packs daily',
      `Signature: ${t.users.qa.name} - reviewed - ${utc(keeperSig.signedAt)}`,
      `Record hash (SHA-256): ${keeperSig.recordHash}`,
      'Resulting change: No change',
    ]) {
      expect(text, expected).toContain(expected);
    }

    const csv = await report(t, id, t.users.admin.cookie, 'csv');
    expect(csv.bytes.toString('utf8')).toBe(campaign.reportCsv);
    expect(csv.headers.get('x-report-sha256')).toBe(campaign.reportSha256);
    const [header, ...rows] = parseCsv(csv.bytes.toString('utf8'));
    const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(records).toHaveLength(2);
    const revoked = records.find((r) => r.member_email === leaver.email)!;
    expect(revoked).toMatchObject({
      campaign_id: id,
      campaign: NAME,
      report: 'final',
      member: leaver.name,
      membership_id: leaver.membershipId,
      reviewer: t.users.qa.name,
      reviewer_id: t.users.qa.id,
      decision: 'revoke',
      requested_change: 'Remove role operator',
      comment: COMMENT,
      decided_at: leaverItem.decidedAt!.toISOString(),
      signed_by: t.users.qa.name,
      signature_meaning: 'reviewed',
      signed_at: leaverSig.signedAt.toISOString(),
      signature_record_hash: leaverSig.recordHash,
      signature_id: leaverSig.id,
      resulting_change: 'Removed role operator',
      closed_by: t.users.admin.name,
      closed_at: campaign.closedAt!.toISOString(),
      closing_signature_id: closing.id,
    });
    expect(revoked.access_at_start).toContain('Roles: operator, viewer');
    expect(revoked.access_at_start).toContain(`Teams: ${teamName}`);
    expect(records.find((r) => r.member_email === keeper.email)).toMatchObject({
      decision: 'keep',
      requested_change: '',
      comment: 'Still packs daily',
      signature_record_hash: keeperSig.recordHash,
      resulting_change: 'No change',
    });
  });

  it('is answered as stored, byte for byte, after the team, the people and the tenant change; a rebuild would differ', async () => {
    const before = await report(t, id, t.users.admin.cookie);
    const beforeCsv = await report(t, id, t.users.admin.cookie, 'csv');
    await withTenant(t.id, (tx) =>
      tx
        .update(teams)
        .set({ name: `${teamName} renamed` })
        .where(eq(teams.id, teamId)),
    );
    const db = await getDb();
    await db.update(users).set({ name: 'Renamed Reviewer' }).where(eq(users.id, t.users.qa.id));
    try {
      const after = await report(t, id, t.users.admin.cookie);
      expect(after.bytes.equals(before.bytes)).toBe(true);
      expect(after.headers.get('x-report-sha256')).toBe(before.headers.get('x-report-sha256'));
      expect((await report(t, id, t.users.admin.cookie, 'csv')).bytes.equals(beforeCsv.bytes)).toBe(true);
      // Built again now, the scope names the renamed team: what was stored is not rebuilt.
      const rebuilt = await withTenantContext(
        { type: 'user', id: t.users.admin.id, name: t.users.admin.name, email: t.users.admin.email, isPlatformAdmin: false },
        t.slug,
        { requestId: 'test' },
        (ctx) => buildAccessReviewReport(ctx, id),
      );
      expect(await pdfText(rebuilt.pdf)).toContain(`Members of team ${teamName} renamed`);
      expect(rebuilt.sha256).not.toBe(before.headers.get('x-report-sha256'));
      // And the database refuses to change the stored report.
      const refused = await withTenant(t.id, (tx) =>
        tx.update(accessReviewCampaigns).set({ reportCsv: 'forged' }).where(eq(accessReviewCampaigns.id, id)),
      ).then(
        () => 'changed',
        () => 'refused',
      );
      expect(refused).toBe('refused');
    } finally {
      await db.update(users).set({ name: t.users.qa.name }).where(eq(users.id, t.users.qa.id));
    }
  });

  it('needs access_reviews.manage: every other role is refused, a reviewer too; another tenant’s id is 404; a bad format is 400', async () => {
    const exports = () =>
      withTenant(t.id, (tx) =>
        tx
          .select({ id: auditEvents.id })
          .from(auditEvents)
          .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, 'access_review.report_exported'))),
      );
    const exportedBefore = (await exports()).length;
    for (const role of ['manager', 'qa', 'operator', 'viewer'] as const) {
      const res = await report(t, id, t.users[role].cookie);
      expect(res.status, role).toBe(403);
    }
    expect((await report(t, id, leaver.cookie)).status).toBe(403);
    // Another tenant's admin, asking their own tenant for this campaign's id: not there.
    expect((await report(other, id, other.users.admin.cookie)).status).toBe(404);
    // And a member of the other tenant only, asking for this tenant: not a member, 404.
    expect((await report(t, id, other.users.admin.cookie)).status).toBe(404);
    expect((await report(t, '00000000-0000-4000-8000-000000000000', t.users.admin.cookie)).status).toBe(404);
    const bad = await report(t, id, t.users.admin.cookie, 'xml');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString('utf8')).errors.map((e: { path: string }) => e.path)).toEqual(['query.format']);
    const notId = await report(t, 'not-a-uuid', t.users.admin.cookie);
    expect(notId.status).toBe(400);
    // Nothing refused was audited as a download.
    expect((await exports()).length).toBe(exportedBefore);
  });
});
