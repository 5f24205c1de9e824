import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ChevronLeft } from 'lucide-react';
import { ShortId } from '@/components/audit/short-id';
import { LocalTime } from '@/components/members/local-time';
import { SerialDataMatrix } from '@/components/serials/serial-datamatrix';
import { SerialStatusAction } from '@/components/serials/serial-status-action';
import { SERIAL_STATUS, SerialStatusBadge } from '@/components/serials/serial-status';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { DomainError } from '@/lib/errors';
import { requestIdFrom } from '@/lib/http/request-meta';
import { SERIAL_PATTERN, yymmdd } from '@/lib/serials/format';
import { getSerial } from '@/lib/serials/get-serial';
import { SERIAL_STATUSES } from '@/db/schema/serials';
import { MAX_SERIALS_PER_JOB, MAX_SERIALS_PER_LIST, type SerialDetail } from '@/lib/serials/schemas';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Serial' };

type Params = { tenant: string; id: string; serial: string };

/**
 * One serial of a batch (serials.read; lib/serials/get-serial.ts, the same record as GET batches/{id}/serials/{serial}):
 * its status, GTIN, expiry, batch number, GS1 element string, and the GS1 DataMatrix drawn on the server by bwip-js.
 * Members with serials.update can move it along the serial lifecycle with a reason. A serial the batch does not have
 * (or a malformed one, or another tenant's batch) is the 404 page.
 */
export default async function SerialPage({ params }: { params: Promise<Params> }) {
  const { tenant: slug, id, serial: raw } = await params;
  let serial = raw.trim().toUpperCase();
  try {
    serial = decodeURIComponent(raw).trim().toUpperCase();
  } catch {
    // a malformed escape: shown as it came, and not found below
  }
  const page = await consolePage(slug, `/t/${slug}/batches/${id}/serials/${raw}`);
  if (!page) return null;
  const back = <BackLink href={`/t/${page.tenant.slug}/batches/${id}?tab=serials`} />;
  if (!page.permissions.includes('serials.read')) {
    return <MissingPermission heading="Serial" eyebrow={back} what="serials" permission="serials.read" tenantName={page.tenant.name} />;
  }
  // Not a serial, not a batch id, or none this batch has: the 404 page (./not-found.tsx), from the server.
  if (!SERIAL_PATTERN.test(serial) || !z.uuid().safeParse(id).success) notFound();
  let record: SerialDetail;
  try {
    record = await withTenantContext(page.user, page.tenant.slug, { requestId: requestIdFrom(await headers()) }, (ctx) =>
      getSerial(ctx, id, serial),
    );
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    throw error;
  }

  const s = record;
  const canChange = page.permissions.includes('serials.update');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow={back}
        title={<span className="font-mono">{s.serial}</span>}
        meta={<SerialStatusBadge status={s.status} />}
        description={
          <>
            {s.productName} · batch <span className="font-mono">{s.batchNumber}</span> · {SERIAL_STATUS[s.status].hint}
          </>
        }
        actions={
          canChange ? (
            <SerialStatusAction
              tenant={page.tenant.slug}
              batchId={s.batchId}
              serial={s.serial}
              status={s.status}
              rules={{
                statuses: [...SERIAL_STATUSES],
                maxPerJob: MAX_SERIALS_PER_JOB,
                maxPerList: MAX_SERIALS_PER_LIST,
                pattern: SERIAL_PATTERN.source,
              }}
            />
          ) : undefined
        }
      />
      <Card aria-labelledby="serial-pack-title" role="region">
        <CardHeader>
          <div className="flex min-w-0 flex-col gap-0.5">
            <CardTitle id="serial-pack-title">Pack identifier</CardTitle>
            <CardDescription>
              What is printed on the pack: the GS1 element string and its DataMatrix (EU FMD unique identifier).
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-6 md:grid-cols-[auto_1fr] md:items-start">
          <SerialDataMatrix elementString={s.elementString} />
          <dl className="grid gap-x-8 gap-y-3 text-[13px] sm:grid-cols-2">
            <Fact label="Serial (21)">
              <span className="font-mono" data-testid="serial-value">
                {s.serial}
              </span>
            </Fact>
            <Fact label="Status">
              <SerialStatusBadge status={s.status} />
            </Fact>
            <Fact label="GTIN (01)">
              <span className="font-mono">{s.gtin}</span>
            </Fact>
            <Fact label="Expiry (17)">
              <span className="tabular-nums">{s.expiresOn}</span>{' '}
              <span className="font-mono text-xs text-muted-foreground">{yymmdd(s.expiresOn)}</span>
            </Fact>
            <Fact label="Batch number (10)">
              <Link href={`/t/${page.tenant.slug}/batches/${s.batchId}`} className="font-mono text-link hover:underline">
                {s.batchNumber}
              </Link>
            </Fact>
            <Fact label="Issued">
              <LocalTime iso={s.createdAt} />
            </Fact>
            <Fact label="GS1 element string" wide>
              <span className="inline-flex items-center gap-1">
                <ShortId id={s.elementString} length={s.elementString.length} className="text-[13px] break-all" />
              </span>
            </Fact>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}

function BackLink({ href }: { href: string }) {
  return (
    <Link
      href={href}
      className="inline-flex items-center gap-1 rounded-sm hover:text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring"
    >
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Batch serials
    </Link>
  );
}

function Fact({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'grid gap-0.5 sm:col-span-2' : 'grid gap-0.5'}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
