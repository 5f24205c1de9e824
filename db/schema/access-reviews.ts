import { sql } from 'drizzle-orm';
import { customType, date, foreignKey, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Periodic access reviews (issue 21): an admin starts a campaign over a scope of members; each reviewer gets one
 * item per member in scope (a snapshot of that member's access when the campaign started) and decides keep, revoke
 * or modify. A decision takes effect when the reviewer signs it (Part 11, meaning `reviewed`); the owner closes the
 * campaign with a signature (meaning `approved`) and the report (PDF and CSV) is stored then and never changed.
 *
 * Tenant data under FORCE ROW LEVEL SECURITY (migration 0038). People are kept as user id plus printed name without
 * a foreign key: a review record outlives the accounts in it.
 */

export const ACCESS_REVIEW_STATUSES = ['open', 'closed'] as const;
export type AccessReviewStatus = (typeof ACCESS_REVIEW_STATUSES)[number];
export const ACCESS_REVIEW_RECURRENCES = ['none', 'quarterly', 'yearly'] as const;
export type AccessReviewRecurrence = (typeof ACCESS_REVIEW_RECURRENCES)[number];
export const ACCESS_REVIEW_DECISIONS = ['keep', 'revoke', 'modify'] as const;
export type AccessReviewDecision = (typeof ACCESS_REVIEW_DECISIONS)[number];

/** Who is reviewed: every member, one team's members, the members with access to one system, or holders of chosen permissions. */
export type AccessReviewScope =
  | { type: 'all' }
  | { type: 'team'; teamId: string }
  | { type: 'system'; systemId: string }
  | { type: 'permissions'; permissions: string[] };

/** Who reviews: chosen people (user ids), or the tenant's admins (members holding `access_reviews.manage`). */
export type AccessReviewReviewers = { type: 'people'; userIds: string[] } | { type: 'admins' };

/** A member's access as the reviewer saw it when the campaign started. */
export type AccessReviewSnapshot = {
  status: 'active' | 'suspended';
  roles: { id: string; name: string; system: string | null }[];
  teams: { id: string; name: string }[];
  overrides: { permission: string; effect: 'allow' | 'deny' }[];
  systems: { id: string; slug: string; name: string }[];
  lastActiveAt: string | null;
  secondFactor: { totp: boolean; passkeys: number };
  attributes?: Record<string, string | number>;
};

/**
 * What a revoke or modify takes away: roles (by id), overrides (by permission key), or the whole membership.
 * `keep` has none. What was actually changed when the signature applied it is kept in `appliedChange`.
 */
export type AccessReviewChange = {
  roleIds?: string[];
  overrides?: string[];
  membership?: boolean;
  /** modify: the member's new set of direct roles (by id). */
  setRoleIds?: string[];
  /** In `appliedChange` only: what could no longer be applied when the signature took effect (a role already gone). */
  notes?: string[];
};

export const accessReviewCampaigns = pgTable(
  'access_review_campaigns',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    scope: jsonb('scope').$type<AccessReviewScope>().notNull(),
    reviewers: jsonb('reviewers').$type<AccessReviewReviewers>().notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ACCESS_REVIEW_STATUSES }).notNull().default('open'),
    /** quarterly or yearly: the recurring-campaign schedule starts the next one a period after this one started. */
    recurrence: text('recurrence', { enum: ACCESS_REVIEW_RECURRENCES }).notNull().default('none'),
    /** The campaign this one was started from by the recurring schedule (null: started by a person). */
    previousCampaignId: uuid('previous_campaign_id'),
    /** The owner: who started it (for a recurring one, the previous campaign's owner). Signs it at closing. */
    ownerId: uuid('owner_id').notNull(),
    ownerName: text('owner_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    /** When the reminder before the due date was mailed to reviewers with undecided items. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** When the overdue campaign was escalated to the admins. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The owner's closing signature (electronic_signatures, record type `access_review`). */
    closingSignatureId: uuid('closing_signature_id'),
    /** The report as stored at closing (never changed afterwards), with its SHA-256 (hex). */
    reportPdf: bytea('report_pdf'),
    reportCsv: text('report_csv'),
    reportSha256: text('report_sha256'),
  },
  (t) => [
    uniqueIndex('access_review_campaigns_tenant_id_key').on(t.tenantId, t.id),
    index('access_review_campaigns_tenant_status_idx').on(t.tenantId, t.status, t.dueOn),
    uniqueIndex('access_review_campaigns_previous_key').on(t.tenantId, t.previousCampaignId),
  ],
);

export const accessReviewItems = pgTable(
  'access_review_items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id').notNull(),
    reviewerId: uuid('reviewer_id').notNull(),
    reviewerName: text('reviewer_name').notNull(),
    /** The member reviewed (membership id), and who they are (never the reviewer: nobody reviews their own access). */
    membershipId: uuid('membership_id').notNull(),
    subjectUserId: uuid('subject_user_id').notNull(),
    subjectName: text('subject_name').notNull(),
    subjectEmail: text('subject_email').notNull(),
    snapshot: jsonb('snapshot').$type<AccessReviewSnapshot>().notNull(),
    decision: text('decision', { enum: ACCESS_REVIEW_DECISIONS }),
    change: jsonb('change').$type<AccessReviewChange>(),
    comment: text('comment'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The reviewer's signature (electronic_signatures, record type `access_review_item`, meaning `reviewed`). */
    signatureId: uuid('signature_id'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** What the signature changed (roles removed, overrides removed, membership removed), as audited. */
    appliedChange: jsonb('applied_change').$type<AccessReviewChange>(),
  },
  (t) => [
    uniqueIndex('access_review_items_campaign_reviewer_member_key').on(t.tenantId, t.campaignId, t.reviewerId, t.membershipId),
    index('access_review_items_tenant_reviewer_idx').on(t.tenantId, t.reviewerId, t.signedAt),
    foreignKey({
      name: 'access_review_items_campaign_fk',
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [accessReviewCampaigns.tenantId, accessReviewCampaigns.id],
    }).onDelete('cascade'),
  ],
);
