'use client';

import { useQuery } from '@tanstack/react-query';
import { CircleCheck, History } from 'lucide-react';
import { AuditSentence } from '@/components/audit/audit-sentence';
import { LocalTime } from '@/components/members/local-time';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { auditFieldLabel, auditValueText } from '@/lib/audit/field-labels';
import { api, keys, paths, type AuditEvent, type BatchDetailView, type Page } from './api';
import { BatchStatusBadge } from './status';

/**
 * The batch's audit events as sentences ("Ada Admin released batch ACM2607004", GET audit-events?targetType=batch&
 * targetId=…, with audit.read); without that permission or API, its status history from the batch record. A list,
 * not a table, so it fits a phone.
 */
export function BatchHistory({ tenant, batch, canReadAudit }: { tenant: string; batch: BatchDetailView; canReadAudit: boolean }) {
  const audit = useQuery({
    queryKey: [...keys.batch(tenant, batch.id), 'audit', batch.updatedAt],
    queryFn: () =>
      api<Page<AuditEvent>>(
        `${paths.auditEvents(tenant)}?${new URLSearchParams({ targetType: 'batch', targetId: batch.id, limit: '100' })}`,
      ),
    enabled: canReadAudit,
    retry: false,
  });
  if (canReadAudit && audit.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading the history" className="grid gap-3 p-4">
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </Card>
    );
  }
  if (canReadAudit && audit.data) {
    const events = audit.data.data;
    return (
      <Card className="overflow-hidden p-0">
        {events.length === 0 ? (
          <EmptyState size="compact" headingLevel="h3" icon={<History />} title="No audit events">
            Every change of this batch is audited here.
          </EmptyState>
        ) : (
          <ol aria-label="Audit events of the batch" className="divide-y divide-border">
            {events.map((e) => (
              <li key={e.id} data-testid="history-row" data-action={e.action} className="grid gap-1 px-4 py-3 text-[13px]">
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5">
                  <AuditSentence
                    event={e}
                    targetName={e.targetType === 'batch' && e.targetId === batch.id ? batch.batchNumber : undefined}
                  />
                  <span className="text-xs text-muted-foreground">
                    <LocalTime iso={e.occurredAt} />
                  </span>
                </div>
                <ChangeSummary event={e} />
                {e.reason ? (
                  <p className="text-xs break-words text-muted-foreground">
                    <span className="font-medium">Reason:</span> {e.reason}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    );
  }
  // The batch's own status history (always there).
  return (
    <Card className="overflow-hidden p-0">
      {canReadAudit && audit.isError ? (
        <p className="border-b border-border px-4 py-2 text-xs text-muted-foreground">
          The audit trail could not be read ({audit.error.message}); this is the batch&apos;s status history.
        </p>
      ) : null}
      <ol aria-label="Status history of the batch" className="divide-y divide-border">
        {[...batch.history].reverse().map((h) => (
          <li key={h.id} data-testid="history-row" className="grid gap-1 px-4 py-3 text-[13px]">
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
              <div className="flex flex-wrap items-center gap-1.5">
                {h.from ? <BatchStatusBadge status={h.from} /> : <span className="text-xs text-muted-foreground">New</span>}
                <span aria-label="to">→</span>
                <BatchStatusBadge status={h.to} />
                <span>
                  by <span className="font-medium">{h.actor.name}</span>
                </span>
                {h.signatureId ? (
                  <span className="inline-flex items-center gap-1 text-xs text-success">
                    <CircleCheck aria-hidden="true" className="size-3.5" /> Signed
                  </span>
                ) : null}
              </div>
              <span className="text-xs text-muted-foreground">
                <LocalTime iso={h.occurredAt} />
              </span>
            </div>
            {h.reason ? (
              <p className="text-xs break-words text-muted-foreground">
                <span className="font-medium">Reason:</span> {h.reason}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** The changed fields of an event on one line each, in words: "Status: Under review → Released". */
function ChangeSummary({ event }: { event: AuditEvent }) {
  const { before, after } = event;
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changed = [...fields].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && k !== 'updatedAt');
  if (changed.length === 0) return null;
  return (
    <ul className="grid gap-0.5 text-xs" aria-label="Changes">
      {changed.slice(0, 4).map((k) => (
        <li key={k} className="break-words">
          <span className="text-muted-foreground">{auditFieldLabel(k)}:</span>{' '}
          {before?.[k] !== undefined && before[k] !== null ? (
            <>
              <s className="text-muted-foreground">{auditValueText(k, before[k], event)}</s> →{' '}
            </>
          ) : null}
          {auditValueText(k, after?.[k], event)}
        </li>
      ))}
      {changed.length > 4 ? <li className="text-muted-foreground">and {changed.length - 4} more</li> : null}
    </ul>
  );
}
