import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { BatchDetail } from '@/components/quality/batch-detail';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import { SERIAL_PATTERN } from '@/lib/serials/format';
import { SERIAL_STATUSES } from '@/db/schema/serials';
import { MAX_SERIALS_PER_JOB, MAX_SERIALS_PER_LIST } from '@/lib/serials/schemas';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Batch' };

/**
 * One batch record and its release cockpit (batches.read). The lifecycle's moves (lib/quality/lifecycle.ts) are
 * handed to the client as data: it offers only the moves from the batch's state whose permission the member holds.
 * So are the serial lifecycle and limits (lib/serials) for the Serials tab: those modules stay on the server.
 */
export default async function BatchPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const page = await consolePage(slug, `/t/${slug}/batches/${id}`, { signingPolicy: true });
  if (!page) return null;
  if (!page.permissions.includes('batches.read')) {
    return <MissingPermission heading="Batch" what="batches" permission="batches.read" tenantName={page.tenant.name} />;
  }
  return (
    <QueryProvider>
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
    </QueryProvider>
  );
}
