import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchTenantQueries, recordIdOrNotFound } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { keys } from '@/components/quality/api';
import { BatchDetail } from '@/components/quality/batch-detail';
import { getBatch } from '@/lib/quality/get-batch';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import { listInspections } from '@/lib/quality/list-inspections';
import { releaseCheck } from '@/lib/quality/release-check';
import { SERIAL_PATTERN } from '@/lib/serials/format';
import { SERIAL_STATUSES } from '@/db/schema/serials';
import { MAX_SERIALS_PER_JOB, MAX_SERIALS_PER_LIST } from '@/lib/serials/schemas';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';
import { RecordTasks } from '@/components/tasks/record-tasks';
import { recordTasksQuery } from '@/components/tasks/prefetch';

export const metadata: Metadata = { title: 'Batch' };

/**
 * One batch record and its release cockpit (batches.read). The lifecycle's moves (lib/quality/lifecycle.ts) are
 * handed to the client as data: it offers only the moves from the batch's state whose permission the member holds.
 * So are the serial lifecycle and limits (lib/serials) for the Serials tab: those modules stay on the server.
 * The batch, its release check and its inspections arrive with the page (components/providers/prefetch.ts); an
 * unknown id, or another tenant's, is the 404 page (./not-found.tsx).
 */
export default async function BatchPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/batches/${raw}`, { signingPolicy: true });
  if (!page) return null;
  if (!page.permissions.includes('batches.read')) {
    return <MissingPermission heading="Batch" what="batches" permission="batches.read" tenantName={page.tenant.name} />;
  }
  const id = recordIdOrNotFound(raw);
  const key = keys.batch(page.tenant.slug, id);
  const { state } = await prefetchTenantQueries(page, [
    { key, access: 'batches.read', load: (ctx) => getBatch(ctx, id) },
    { key: [...key, 'release-check'], access: 'batches.read', load: (ctx) => releaseCheck(ctx, id) },
    {
      key: [...key, 'inspections'],
      access: 'inspections.read',
      when: page.permissions.includes('inspections.read'),
      load: (ctx) => listInspections(ctx, id),
      select: (list: { data: unknown[] }) => list.data,
    },
    recordTasksQuery(page.tenant.slug, { type: 'batch', id }),
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <BatchDetail
          tenant={page.tenant.slug}
          id={id}
          viewer={{ userId: page.user.id, name: page.user.name, permissions: page.permissions, signingPolicy: page.signingPolicy }}
          lifecycle={LIFECYCLE.map((m) => ({ ...m }))}
          serialRules={{
            statuses: [...SERIAL_STATUSES],
            maxPerJob: MAX_SERIALS_PER_JOB,
            maxPerList: MAX_SERIALS_PER_LIST,
            pattern: SERIAL_PATTERN.source,
          }}
        />
      </Suspense>
      <div className="mt-6">
        <RecordTasks tenant={page.tenant.slug} record={{ type: 'batch', id, label: 'this batch' }} me={{ id: page.user.id }} />
      </div>
    </QueryProvider>
  );
}
