import { and, eq, ne, or } from 'drizzle-orm';
import { systems, teams } from '@/db/schema/access';
import { accessReviewCampaigns } from '@/db/schema/access-reviews';
import { users } from '@/db/schema/identity';
import { batches, inspections, sites } from '@/db/schema/quality';
import { memberships } from '@/db/schema/tenancy';
import { requirePermission } from '@/lib/access/require-permission';
import type { Permission } from '@/lib/access/permissions';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';

/**
 * "Any record" (issue 21): the records a task can be linked to and notes and attachments can hang on. One list, one
 * permission table and one loader, used by tasks (lib/tasks), notes and attachments (lib/records) and the console.
 *
 * A reference is `{type, id}` with the record's uuid (a system's slug is accepted too, as its API paths use it).
 * Resolving checks the permission first (403), then loads the record within the tenant (404 for another tenant's
 * or an unknown id), and answers what the console shows: a label ("Batch B-1001") and the console path.
 */

export const RECORD_TYPES = ['batch', 'inspection', 'site', 'member', 'system', 'team', 'access_review'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export type RecordRef = { type: RecordType; id: string };
export type ResolvedRecord = {
  type: RecordType;
  /** The record's uuid (for a system given by slug, its id). */
  id: string;
  /** What people call it: "Batch B-1001", "Member Ada Lovelace", "Site Basel". */
  label: string;
  /** The record's console page below `/t/{tenant}` (e.g. `/batches/{id}`). */
  path: string;
  /** For an inspection: its batch (notes on an inspection keep naming the batch). */
  batchId?: string;
};

export const RECORD_TYPE_NAMES: Record<RecordType, string> = {
  batch: 'Batch',
  inspection: 'Inspection',
  site: 'Site',
  member: 'Member',
  system: 'System',
  team: 'Team',
  access_review: 'Access review',
};

/** Reading a record (and its notes, attachments and linked tasks' link) needs `read`; adding notes or files needs `add`. */
export const RECORD_PERMISSIONS: Record<RecordType, { read: Permission; add: Permission }> = {
  batch: { read: 'batches.read', add: 'batches.update' },
  inspection: { read: 'inspections.read', add: 'inspections.perform' },
  site: { read: 'sites.read', add: 'sites.manage' },
  member: { read: 'members.read', add: 'members.update' },
  system: { read: 'systems.read', add: 'systems.manage' },
  team: { read: 'teams.read', add: 'teams.manage' },
  access_review: { read: 'members.read', add: 'access_reviews.manage' },
};

/** What people call a record of each kind ("Batch B-1001"), from its row: one wording for loading and searching. */
export const recordLabel = {
  batch: (r: { batchNumber: string }) => `Batch ${r.batchNumber}`,
  inspection: (r: { type: string; batchNumber: string }) => `Inspection (${r.type.replace(/_/g, ' ')}) of batch ${r.batchNumber}`,
  site: (r: { name: string }) => `Site ${r.name}`,
  member: (r: { name: string | null; email: string }) => `Member ${r.name || r.email}`,
  system: (r: { name: string }) => `System ${r.name}`,
  team: (r: { name: string }) => `Team ${r.name}`,
  access_review: (r: { name: string }) => `Access review ${r.name}`,
} satisfies Record<RecordType, (row: never) => string>;

export const isRecordType = (value: string): value is RecordType => (RECORD_TYPES as readonly string[]).includes(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Load a record of the tenant by reference, without a permission check (callers decide); 404 when not there. */
export async function loadRecord(ctx: TenantContext, ref: RecordRef): Promise<ResolvedRecord> {
  const tenantId = ctx.tenant.id;
  const isUuid = UUID.test(ref.id);
  if (!isUuid && ref.type !== 'system') throw notFound(RECORD_TYPE_NAMES[ref.type].toLowerCase());
  const missing = () => notFound(RECORD_TYPE_NAMES[ref.type].toLowerCase());
  switch (ref.type) {
    case 'batch': {
      const [row] = await ctx.db
        .select({ id: batches.id, batchNumber: batches.batchNumber })
        .from(batches)
        .where(and(eq(batches.tenantId, tenantId), eq(batches.id, ref.id)));
      if (!row) throw missing();
      return { type: 'batch', id: row.id, label: recordLabel.batch(row), path: `/batches/${row.id}` };
    }
    case 'inspection': {
      const [row] = await ctx.db
        .select({ id: inspections.id, type: inspections.type, batchId: inspections.batchId, batchNumber: batches.batchNumber })
        .from(inspections)
        .innerJoin(batches, and(eq(batches.tenantId, inspections.tenantId), eq(batches.id, inspections.batchId)))
        .where(and(eq(inspections.tenantId, tenantId), eq(inspections.id, ref.id)));
      if (!row) throw missing();
      return {
        type: 'inspection',
        id: row.id,
        label: recordLabel.inspection(row),
        path: `/inspections/${row.id}`,
        batchId: row.batchId,
      };
    }
    case 'site': {
      const [row] = await ctx.db
        .select({ id: sites.id, name: sites.name })
        .from(sites)
        .where(and(eq(sites.tenantId, tenantId), eq(sites.id, ref.id)));
      if (!row) throw missing();
      return { type: 'site', id: row.id, label: recordLabel.site(row), path: `/sites/${row.id}` };
    }
    case 'member': {
      const [row] = await ctx.db
        .select({ id: memberships.id, name: users.name, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, ref.id), ne(memberships.status, 'removed')));
      if (!row) throw missing();
      return { type: 'member', id: row.id, label: recordLabel.member(row), path: `/members/${row.id}` };
    }
    case 'system': {
      const [row] = await ctx.db
        .select({ id: systems.id, slug: systems.slug, name: systems.name })
        .from(systems)
        .where(
          and(eq(systems.tenantId, tenantId), isUuid ? or(eq(systems.id, ref.id), eq(systems.slug, ref.id)) : eq(systems.slug, ref.id)),
        );
      if (!row) throw missing();
      return { type: 'system', id: row.id, label: recordLabel.system(row), path: `/systems/${row.slug}` };
    }
    case 'team': {
      const [row] = await ctx.db
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(and(eq(teams.tenantId, tenantId), eq(teams.id, ref.id)));
      if (!row) throw missing();
      return { type: 'team', id: row.id, label: recordLabel.team(row), path: `/teams/${row.id}` };
    }
    case 'access_review': {
      const [row] = await ctx.db
        .select({ id: accessReviewCampaigns.id, name: accessReviewCampaigns.name })
        .from(accessReviewCampaigns)
        .where(and(eq(accessReviewCampaigns.tenantId, tenantId), eq(accessReviewCampaigns.id, ref.id)));
      if (!row) throw missing();
      return { type: 'access_review', id: row.id, label: recordLabel.access_review(row), path: `/access-reviews/${row.id}` };
    }
  }
}

/** Check the permission for `use` first (403), then load the record (404). */
export async function resolveRecord(ctx: TenantContext, ref: RecordRef, use: 'read' | 'add'): Promise<ResolvedRecord> {
  requirePermission(ctx, RECORD_PERMISSIONS[ref.type][use]);
  return loadRecord(ctx, ref);
}
