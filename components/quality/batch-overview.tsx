import type * as React from 'react';
import { LocalTime } from '@/components/members/local-time';
import { Card, CardContent } from '@/components/ui/card';
import type { BatchDetailView } from './api';
import { BatchStatusBadge } from './status';
import { LocalNumber } from '@/components/providers/viewer-clock';

/** The batch's facts: number, product, GTIN, site, quantity, expiry, status and times. */
export function BatchOverview({ batch: b }: { batch: BatchDetailView }) {
  return (
    <Card>
      <CardContent className="pt-4">
        <dl className="grid gap-x-8 gap-y-3 text-[13px] sm:grid-cols-2 lg:grid-cols-3">
          <Fact label="Batch number">
            <span className="font-mono">{b.batchNumber}</span>
          </Fact>
          <Fact label="Product">{b.productName}</Fact>
          <Fact label="GTIN">
            {b.gtin ? <span className="font-mono">{b.gtin}</span> : <span className="text-muted-foreground">None</span>}
          </Fact>
          <Fact label="Site">
            <span className="font-mono">{b.site.code}</span> {b.site.name}
          </Fact>
          <Fact label="Planned quantity">
            <LocalNumber value={b.plannedQuantity} />
          </Fact>
          <Fact label="Expires on">{b.expiresOn}</Fact>
          <Fact label="Status">
            <BatchStatusBadge status={b.status} />
          </Fact>
          <Fact label="Created">
            <LocalTime iso={b.createdAt} />
          </Fact>
          <Fact label="Last changed">
            <LocalTime iso={b.updatedAt} />
          </Fact>
        </dl>
      </CardContent>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
