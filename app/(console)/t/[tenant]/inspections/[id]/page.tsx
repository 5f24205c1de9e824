import type { Metadata } from 'next';
import { Suspense } from 'react';
import { auditKey } from '@/components/audit/api';
import { dehydrateEntries, firstPage, loadTime, prefetchTenantQueries, recordIdOrNotFound } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { keys } from '@/components/quality/api';
import { InspectionDetail } from '@/components/quality/inspection-detail';
import { RecordTasks } from '@/components/tasks/record-tasks';
import { recordTasksQuery } from '@/components/tasks/prefetch';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { listAttachments } from '@/lib/quality/attachments';
import { getBatch } from '@/lib/quality/get-batch';
import { getInspection } from '@/lib/quality/get-inspection';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import { listNotes } from '@/lib/quality/notes';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Inspection' };

/**
 * One QA inspection (inspections.read): characteristics, result, and the review with signature (inspections.approve).
 * The inspection, its batch, notes, attachments, history and tasks arrive with the page; an unknown id, or another tenant's,
 * is the 404 page (./not-found.tsx).
 */
export default async function InspectionPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/inspections/${raw}`, { signingPolicy: true });
  if (!page) return null;
  if (!page.permissions.includes('inspections.read')) {
    return <MissingPermission heading="Inspection" what="inspections" permission="inspections.read" tenantName={page.tenant.name} />;
  }
  const id = recordIdOrNotFound(raw);
  const tenant = page.tenant.slug;
  const record = { type: 'inspection', id } as const;
  // The History card is keyed by the inspection's dataUpdatedAt (components/audit/record-history.tsx): one time for both.
  const loadedAt = loadTime();
  const first = await prefetchTenantQueries(page, [
    { key: keys.inspection(tenant, id), access: 'inspections.read', updatedAt: loadedAt, load: (ctx) => getInspection(ctx, id) },
    {
      key: keys.notes(tenant, record),
      access: 'inspections.read',
      load: (ctx) => listNotes(ctx, record, { limit: 20 }),
      select: firstPage,
    },
    {
      key: keys.attachments(tenant, record),
      access: 'inspections.read',
      load: (ctx) => listAttachments(ctx, record, { limit: 50 }),
      select: firstPage,
    },
    {
      key: [...auditKey(tenant), 'record', 'inspection', id, loadedAt],
      access: 'audit.read',
      when: page.permissions.includes('audit.read'),
      load: (ctx) => listAuditEvents(ctx, { targetType: 'inspection', targetId: id, limit: 20 }),
      select: firstPage,
    },
    recordTasksQuery(tenant, record),
  ]);
  const batchId = (first.entries[0]?.data as { batchId?: string } | undefined)?.batchId;
  const second =
    batchId && page.permissions.includes('batches.read')
      ? await prefetchTenantQueries(page, [
          { key: keys.batch(tenant, batchId), access: 'batches.read', load: (ctx) => getBatch(ctx, batchId) },
        ])
      : null;
  return (
    <QueryProvider state={dehydrateEntries([...first.entries, ...(second?.entries ?? [])])}>
      <Suspense>
        <InspectionDetail
          tenant={tenant}
          id={id}
          viewer={{ userId: page.user.id, name: page.user.name, permissions: page.permissions, signingPolicy: page.signingPolicy }}
          lifecycle={LIFECYCLE.map((m) => ({ ...m }))}
        />
      </Suspense>
      <div className="mt-6">
        <RecordTasks tenant={tenant} record={{ type: 'inspection', id, label: 'this inspection' }} me={{ id: page.user.id }} />
      </div>
    </QueryProvider>
  );
}
